// Figures the API gives today (GET /stats): scans by status, findings by severity, rule and owner. Each chart
// opens the list behind it: the same filter on GET /scans or GET /findings.
import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { api, ok, type Stats } from '../api/client.ts';
import { Chart, type ChartOption } from '../chart.tsx';
import { useData } from '../hooks.ts';
import { label, useLang, useT } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { Failure, SCAN_STATUSES, SEVERITIES } from '../ui.tsx';

const SEVERITY_COLOURS = ['#dc2626', '#ea580c', '#ca8a04', '#2563eb'];
const STATUS_COLOURS: Record<string, string> = { queued: '#94a3b8', running: '#2563eb', done: '#16a34a', failed: '#dc2626', cancelled: '#ca8a04' };

export function bars(names: string[], labels: string[], values: number[], horizontal: boolean, colours?: string[]): ChartOption {
  const cat = { type: 'category' as const, data: labels, axisLabel: { width: 220, overflow: 'truncate' as const } };
  const val = { type: 'value' as const, minInterval: 1 };
  return {
    tooltip: { trigger: 'item' },
    grid: { left: horizontal ? 230 : 40, right: 24, top: 16, bottom: 32 },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [{ type: 'bar', data: values.map((v, i) => ({ value: v, name: names[i], itemStyle: colours === undefined ? {} : { color: colours[i] } })), barMaxWidth: 36 }],
  };
}

export function Dashboard() {
  const t = useT();
  const lang = useLang();
  const stats = useData(async () => ok(await api.GET('/api/v1/stats', { params: { query: { top: 10 } } })), []);
  const s: Stats | undefined = stats.data;
  const charts = useMemo(() => {
    if (s === undefined) return null;
    const statuses = SCAN_STATUSES.filter((k) => (s.scans.byStatus[k] ?? 0) > 0);
    const sev = SEVERITIES.filter((k) => (s.findings.bySeverity[k] ?? 0) > 0);
    return {
      scans: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0, formatter: (n: string) => label(t, n) },
        series: [{ type: 'pie', radius: ['40%', '70%'], data: statuses.map((k) => ({ name: k, value: s.scans.byStatus[k] ?? 0, itemStyle: { color: STATUS_COLOURS[k] } })), label: { formatter: (p: { name: string; value: number }) => `${label(t, p.name)} ${p.value}` } }],
      } as ChartOption,
      severity: bars(sev, sev.map((k) => label(t, k)), sev.map((k) => s.findings.bySeverity[k] ?? 0), false, sev.map((k) => SEVERITY_COLOURS[SEVERITIES.indexOf(k)]!)),
      rules: bars(s.findings.byRule.map((r) => r.ruleId), s.findings.byRule.map((r) => (lang === 'zh' ? r.title.zh : r.title.en)), s.findings.byRule.map((r) => r.count), true),
      owners: bars(s.findings.byOwner.map((r) => r.owner), s.findings.byOwner.map((r) => r.owner), s.findings.byOwner.map((r) => r.count), true),
    };
  }, [s, t, lang]);
  return (
    <div>
      <Typography.Title level={3}>{t.dashboard}</Typography.Title>
      <Failure error={stats.error} />
      {s !== undefined && charts !== null && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {[
              [t.totalScans, s.scans.total, '/scans'],
              [t.failedScans, s.scans.byStatus.failed ?? 0, '/scans?status=failed'],
              [t.totalFindings, s.findings.total, '/findings'],
              [t.highFindings, s.findings.bySeverity.high ?? 0, '/findings?severity=high'],
            ].map(([title, value, to]) => (
              <Col span={6} key={String(to)}>
                <Card hoverable onClick={() => navigate(String(to))}>
                  <Statistic title={String(title)} value={Number(value)} />
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary">{t.chartHint}</Typography.Paragraph>
          <Row gutter={[16, 16]}>
            <Col span={12}>
              <Card title={t.scansByStatus}>
                <Chart label={t.scansByStatus} option={charts.scans} onPick={(name) => navigate(`/scans?status=${encodeURIComponent(name)}`)} />
              </Card>
            </Col>
            <Col span={12}>
              <Card title={t.findingsBySeverity}>
                <Chart label={t.findingsBySeverity} option={charts.severity} onPick={(name) => navigate(`/findings?severity=${encodeURIComponent(name)}`)} />
              </Card>
            </Col>
            <Col span={12}>
              <Card title={t.findingsByRule}>
                <Chart label={t.findingsByRule} option={charts.rules} height={360} onPick={(name) => navigate(`/findings?ruleId=${encodeURIComponent(name)}`)} />
              </Card>
            </Col>
            <Col span={12}>
              <Card title={t.findingsByOwner}>
                <Chart label={t.findingsByOwner} option={charts.owners} height={360} onPick={(name) => navigate(`/findings?owner=${encodeURIComponent(name)}`)} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
