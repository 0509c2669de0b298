// Small shared pieces: status, severity and review tags, error boxes, dates.
import { Alert, Tag } from 'antd';
import { label, useT } from './i18n.tsx';

const SCAN_COLORS: Record<string, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error', cancelled: 'warning' };
const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'gold', info: 'blue' };
const REVIEW_COLORS: Record<string, string> = { open: 'default', confirmed: 'red', false_positive: 'green', accepted: 'purple' };

export function ScanStatus({ status }: { status: string }) {
  const t = useT();
  return <Tag color={SCAN_COLORS[status] ?? 'default'}>{label(t, status)}</Tag>;
}

export function Severity({ severity }: { severity: string }) {
  const t = useT();
  return <Tag color={SEVERITY_COLORS[severity] ?? 'default'}>{label(t, severity)}</Tag>;
}

export function ReviewState({ state }: { state: string }) {
  const t = useT();
  return <Tag color={REVIEW_COLORS[state] ?? 'default'}>{label(t, state)}</Tag>;
}

export function Failure({ error }: { error: Error | undefined }) {
  const t = useT();
  if (error === undefined) return null;
  return <Alert type="error" showIcon title={t.error} description={error.message} style={{ marginBottom: 16 }} />;
}

/** A time in the page's language (App.tsx keeps <html lang> in step with the switch). */
export const when = (iso: string | null | undefined): string => (iso == null ? '' : new Date(iso).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }));

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export const SCAN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
