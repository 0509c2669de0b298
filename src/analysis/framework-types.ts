// Packages whose names no obfuscator can change: the platform and the Java library (fingerprints rest on them).
export function isFrameworkType(t: string): boolean {
  return t.startsWith('Landroid/') || t.startsWith('Ljava/') || t.startsWith('Ljavax/') || t.startsWith('Ldalvik/')
    || t.startsWith('Lorg/json/') || t.startsWith('Lorg/w3c/') || t.startsWith('Lorg/xml/') || t.startsWith('Lorg/apache/http/');
}
