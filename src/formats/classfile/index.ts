// The Java class-file reader's public surface (JVMS §4): parse a class, decode a method's bytecode.
export { parseClassFile, ClassFile, CLASS_MAGIC, internalToDescriptor, type MemberInfo, type CodeAttribute, type BootstrapMethod } from './class-file.ts';
export { decodeClassMethod } from './bytecode.ts';
