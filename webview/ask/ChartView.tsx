// The result as a chart drawn here in SVG (no chart library: a bar and a line chart are a few dozen elements).
// Colours are read from VS Code's theme variables (--vscode-charts-*) and written into the SVG as plain values, so
// the exported SVG or PNG looks like the panel without the page's stylesheet.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Cell } from '../../src/protocol/ask';
import { cellText } from '../../src/protocol/ask';
import { ticks, timeValue, toNumber, type ChartKind, type ChartShape } from './chart-shape';
import { t } from './strings';

const MAX_BARS = 50;
const MAX_POINTS = 5000;
const HEIGHT = 340;
const M = { top: 28, right: 16, bottom: 70, left: 64 };

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function chartColours() {
  return {
    series: [
      themeColour('--vscode-charts-blue', '#1a85ff'),
      themeColour('--vscode-charts-orange', '#d18616'),
      themeColour('--vscode-charts-green', '#388a34'),
    ],
    text: themeColour('--vscode-editor-foreground', '#333333'),
    grid: themeColour('--vscode-editorWidget-border', '#c8c8c8'),
    background: themeColour('--vscode-editor-background', '#ffffff'),
    font: themeColour('--vscode-font-family', 'system-ui, sans-serif'),
  };
}

const fmt = (n: number) => (Math.abs(n) >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : Math.abs(n) >= 1e4 ? `${+(n / 1e3).toFixed(1)}k` : `${+n.toFixed(2)}`);
const clip = (s: string, n = 18) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface ChartViewProps {
  columns: string[];
  rows: Cell[][];
  order: number[];
  shape: ChartShape;
  kind: ChartKind;
}

export function ChartView({ columns, rows, order, shape, kind }: ChartViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.min(1400, el.clientWidth || 800)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const c = chartColours();
  const limit = kind === 'bar' ? MAX_BARS : MAX_POINTS;
  let picked = order.filter((i) => rows[i][shape.x] !== null).slice(0, limit);
  if (kind === 'line' && shape.temporal) picked = [...picked].sort((a, b) => (timeValue(rows[a][shape.x]) ?? 0) - (timeValue(rows[b][shape.x]) ?? 0));
  const values = shape.y.map((col) => picked.map((i) => toNumber(rows[i][col] ?? null)));
  const all = values.flat().filter((v): v is number => v !== null);
  const yTicks = ticks(all.length ? Math.min(...all) : 0, all.length ? Math.max(...all) : 1);
  const y0 = yTicks[0];
  const y1 = yTicks[yTicks.length - 1];
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const yPos = (v: number) => M.top + plotH - ((v - y0) / (y1 - y0 || 1)) * plotH;
  const n = picked.length;
  const band = plotW / Math.max(1, n);
  const xPos = (k: number) => M.left + band * k + band / 2;
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 28))));
  const title = t('chartTitle', shape.y.map((k) => columns[k]).join(', '), columns[shape.x]);

  return (
    <div class="tt-chart" ref={box}>
      <svg xmlns="http://www.w3.org/2000/svg" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={title} font-family={c.font} font-size="11">
        <rect x="0" y="0" width={width} height={HEIGHT} fill={c.background} />
        <text x={M.left} y="16" fill={c.text} font-size="12" font-weight="600">
          {title}
        </text>
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={width - M.right} y1={yPos(v)} y2={yPos(v)} stroke={c.grid} stroke-width="1" opacity="0.6" />
            <text x={M.left - 6} y={yPos(v) + 4} fill={c.text} text-anchor="end">
              {fmt(v)}
            </text>
          </g>
        ))}
        {kind === 'bar'
          ? values.map((series, s) =>
              series.map((v, k) => {
                if (v === null) return null;
                const w = Math.max(1, (band * 0.8) / values.length);
                const x = M.left + band * k + band * 0.1 + w * s;
                const top = yPos(Math.max(0, v));
                const h = Math.abs(yPos(v) - yPos(0));
                return <rect key={`${s}-${k}`} class="tt-bar" x={x} y={top} width={w} height={Math.max(0.5, h)} fill={c.series[s]}><title>{`${cellText(rows[picked[k]][shape.x] ?? null)}: ${v}`}</title></rect>;
              }),
            )
          : values.map((series, s) => (
              <polyline
                key={s}
                class="tt-line"
                fill="none"
                stroke={c.series[s]}
                stroke-width="2"
                points={series.map((v, k) => (v === null ? '' : `${xPos(k).toFixed(1)},${yPos(v).toFixed(1)}`)).filter(Boolean).join(' ')}
              />
            ))}
        <line x1={M.left} x2={width - M.right} y1={yPos(Math.max(0, y0))} y2={yPos(Math.max(0, y0))} stroke={c.text} stroke-width="1" />
        {picked.map((i, k) =>
          k % labelEvery === 0 ? (
            <text key={k} transform={`translate(${xPos(k)},${M.top + plotH + 10}) rotate(40)`} fill={c.text} text-anchor="start">
              {clip(cellText(rows[i][shape.x] ?? null))}
            </text>
          ) : null,
        )}
        {shape.y.length > 1 &&
          shape.y.map((col, s) => (
            <g key={col} transform={`translate(${width - M.right - 140},${8 + s * 14})`}>
              <rect width="10" height="10" fill={c.series[s]} />
              <text x="14" y="9" fill={c.text}>
                {clip(columns[col], 20)}
              </text>
            </g>
          ))}
      </svg>
      {order.length > picked.length && <p class="tt-meta">{t('chartFirst', picked.length, order.length)}</p>}
    </div>
  );
}

/** The chart as a data URL: SVG text as drawn, or a PNG at twice the size. */
export async function chartImage(svg: SVGSVGElement, format: 'png' | 'svg'): Promise<string> {
  const text = new XMLSerializer().serializeToString(svg);
  const svgUrl = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  if (format === 'svg') return svgUrl;
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    img.src = svgUrl;
  });
  const canvas = document.createElement('canvas');
  canvas.width = svg.width.baseVal.value * 2;
  canvas.height = svg.height.baseVal.value * 2;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas');
  g.scale(2, 2);
  g.drawImage(img, 0, 0);
  return canvas.toDataURL('image/png');
}
