// How a scan's network captures reach the Report: unreadable entries as diagnostics, what was seen per host
// as the `network` extension, and the data types a capture shows leaving the phone.
import type { Report, ReportDataType } from '../report/types.ts';
import type { NetworkFacts } from '../runtime/network/facts.ts';

export function networkDiagnostics(n: NetworkFacts): NonNullable<Report['diagnostics']> {
  const out: NonNullable<Report['diagnostics']> = n.problems.map((p) => ({ severity: 'warning', code: 'CAPTURE_ENTRY', message: `${p.where}: ${p.message}`, file: p.file }));
  if (n.problemCount > n.problems.length) out.push({ severity: 'warning', code: 'CAPTURE_ENTRY', message: `${n.problemCount - n.problems.length} more unreadable capture entries`, file: null });
  const hidden = [...n.hosts.values()].reduce((k, h) => k + h.nameOnly, 0);
  if (hidden > 0) out.push({ severity: 'warning', code: 'CAPTURE_TLS', message: `${hidden} connection(s) seen only by their TLS server name or DNS lookup: what they carried is encrypted and was not searched (capture through a TLS-intercepting proxy into a HAR to see it)`, file: null });
  return out;
}

/** The Report's `network` extension: captures read, values looked for, and each host with who it belongs to. */
export function networkSummary(n: NetworkFacts): Record<string, unknown> {
  const hosts = [...n.hosts.values()].sort((a, b) => b.requests - a.requests);
  return {
    captures: n.captures,
    requests: n.requests,
    valuesFromTrace: n.valuesFromTrace,
    valuesGiven: n.valuesGiven,
    requestsWithPersonalInformation: n.transfers.length,
    unreadableEntries: n.problemCount,
    hosts: hosts.slice(0, 200).map((h) => ({ host: h.host, requests: h.requests, cleartext: h.cleartext, nameOnly: h.nameOnly, owner: h.owner })),
  };
}

/** Data types found leaving the phone gain `network` evidence (and the SDK that received them). */
export function withNetworkDataTypes(types: ReportDataType[], n: NetworkFacts | undefined): ReportDataType[] {
  if (n === undefined) return types;
  const out = types.map((t) => ({ ...t, evidence: [...t.evidence], collectedBy: [...t.collectedBy] }));
  for (const tr of n.transfers) {
    for (const h of tr.hits) {
      // A pattern alone is a guess: only values the device returned count as evidence of the type.
      if (h.basis !== 'value') continue;
      let t = out.find((x) => x.id === h.dataType);
      if (t === undefined) {
        t = { id: h.dataType, collectedBy: [], evidence: [], declared: null };
        out.push(t);
      }
      if (!t.evidence.includes('network')) t.evidence.push('network');
      if (tr.owner.kind === 'sdk' && tr.owner.inPackage && !t.collectedBy.includes(tr.owner.sdk)) t.collectedBy.push(tr.owner.sdk);
    }
  }
  return out;
}
