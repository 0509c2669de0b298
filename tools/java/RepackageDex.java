// ProGuard's `-repackageclasses ''` on the dex of an APK, for the held-out SDK measure
// (scripts/obfuscate-sdks.ts heldout): every type the dex set defines, except AndroidX, the support library
// and Kotlin, moves to the default package under a meaningless name (`Lcom/foo/Bar;` -> `Lp123;`), and every
// reference follows. Member names and strings are kept (ProGuard keeps strings too).
// Job lines on stdin, tab-separated: ignored, output dir, input dex paths (one APK's dex set). Each input
// is written to <output dir>/<its file name>.
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jf.dexlib2.DexFileFactory;
import org.jf.dexlib2.Format;
import org.jf.dexlib2.Opcode;
import org.jf.dexlib2.iface.instruction.Instruction;
import org.jf.dexlib2.iface.instruction.formats.Instruction4rcc;
import org.jf.dexlib2.iface.reference.MethodProtoReference;
import org.jf.dexlib2.iface.reference.MethodReference;
import org.jf.dexlib2.iface.reference.Reference;
import org.jf.dexlib2.immutable.reference.ImmutableMethodProtoReference;
import org.jf.dexlib2.rewriter.InstructionRewriter;
import org.jf.dexlib2.dexbacked.DexBackedDexFile;
import org.jf.dexlib2.iface.ClassDef;
import org.jf.dexlib2.iface.DexFile;
import org.jf.dexlib2.rewriter.DexRewriter;
import org.jf.dexlib2.rewriter.Rewriter;
import org.jf.dexlib2.rewriter.RewriterModule;
import org.jf.dexlib2.rewriter.Rewriters;
import org.jf.dexlib2.rewriter.TypeRewriter;
import org.jf.dexlib2.writer.io.FileDataStore;
import org.jf.dexlib2.writer.pool.DexPool;

public final class RepackageDex {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t");
      if (parts.length < 3) throw new IllegalArgumentException("job needs prefix, outdir, inputs: " + line);
      runJob(parts[0], new File(parts[1]), java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
  }

  private static void runJob(String prefix, File outDir, String[] inputs) throws Exception {
    List<DexBackedDexFile> dexes = new ArrayList<>();
    final Set<String> defined = new HashSet<>();
    for (String p : inputs) {
      // null opcodes: dexlib2 picks them from the dex version in the header.
      DexBackedDexFile dex = DexFileFactory.loadDexFile(new File(p), null);
      dexes.add(dex);
      for (ClassDef c : dex.getClasses()) defined.add(c.getType());
    }
    final java.util.Map<String, String> names = new java.util.HashMap<>();
    for (String t : defined) {
      if (t.startsWith("Landroidx/") || t.startsWith("Landroid/") || t.startsWith("Lkotlin/") || t.startsWith("Lkotlinx/")) continue;
      names.put(t, "Lp" + names.size() + ";");
    }
    DexRewriter rewriter = new DexRewriter(new RewriterModule() {
      @Override
      public Rewriter<String> getTypeRewriter(Rewriters rewriters) {
        return new TypeRewriter() {
          @Override
          protected String rewriteUnwrappedType(String type) {
            String n = names.get(type);
            return n == null ? type : n;
          }
        };
      }

      @Override
      public Rewriter<Instruction> getInstructionRewriter(Rewriters rewriters) {
        return new InstructionRewriter(rewriters) {
          @Override
          public Instruction rewrite(Instruction insn) {
            // dexlib2 2.5.2 has no case for invoke-polymorphic/range (format 4rcc) and throws.
            if (insn.getOpcode().format == Format.Format4rcc) return new Renamed4rcc((Instruction4rcc) insn, rewriters);
            return super.rewrite(insn);
          }
        };
      }
    });
    outDir.mkdirs();
    for (int i = 0; i < inputs.length; i++) {
      DexFile renamed = rewriter.getDexFileRewriter().rewrite(dexes.get(i));
      File out = new File(outDir, new File(inputs[i]).getName());
      DexPool.writeTo(new FileDataStore(out), renamed);
      System.out.println(out.getPath() + "\t" + dexes.get(i).getClasses().size());
    }
  }

  /** invoke-polymorphic/range with its method and prototype references renamed. */
  private static final class Renamed4rcc implements Instruction4rcc {
    private final Instruction4rcc insn;
    private final Rewriters rewriters;

    Renamed4rcc(Instruction4rcc insn, Rewriters rewriters) {
      this.insn = insn;
      this.rewriters = rewriters;
    }

    @Override public Opcode getOpcode() { return insn.getOpcode(); }
    @Override public int getCodeUnits() { return insn.getCodeUnits(); }
    @Override public int getStartRegister() { return insn.getStartRegister(); }
    @Override public int getRegisterCount() { return insn.getRegisterCount(); }
    @Override public int getReferenceType() { return insn.getReferenceType(); }
    @Override public int getReferenceType2() { return insn.getReferenceType2(); }

    @Override
    public Reference getReference() {
      return rewriters.getMethodReferenceRewriter().rewrite((MethodReference) insn.getReference());
    }

    @Override
    public Reference getReference2() {
      MethodProtoReference proto = (MethodProtoReference) insn.getReference2();
      List<String> params = new ArrayList<>();
      for (CharSequence p : proto.getParameterTypes()) params.add(rewriters.getTypeRewriter().rewrite(p.toString()));
      return new ImmutableMethodProtoReference(params, rewriters.getTypeRewriter().rewrite(proto.getReturnType()));
    }
  }
}
