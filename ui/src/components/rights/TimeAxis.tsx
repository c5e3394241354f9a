import { formatDay, useLocale, useT } from "../../i18n";
import { type AxisRow, addDays, daysBetween } from "./review";

const LABEL = 260;
const ROW = 26;
const WIDTH = 1000;
const TOP = 28;

/** Licence ends on a time axis, one row per product or campaign; a dot per image, today
 * as a line. Images without an end date (restricted for other reasons) sit at the left. */
export function TimeAxis({ rows, today, within }: { rows: AxisRow[]; today: string; within: number }) {
  const t = useT();
  const locale = useLocale();
  const ends = rows.flatMap((r) => r.items.map((i) => i.licence_end).filter((d): d is string => d !== null));
  const first = ends.reduce((min, d) => (d < min ? d : min), addDays(today, -7));
  const last = ends.reduce((max, d) => (d > max ? d : max), addDays(today, within));
  const span = Math.max(1, daysBetween(first, last));
  const x = (day: string | null) => (day === null ? LABEL - 12 : LABEL + (daysBetween(first, day) / span) * (WIDTH - LABEL - 16));
  const height = TOP + rows.length * ROW + 8;
  const step = span <= 21 ? 7 : span <= 90 ? 14 : span <= 400 ? 30 : 90;
  const ticks: string[] = [];
  for (let d = 0; d <= span; d += step) ticks.push(addDays(first, d));

  return (
    <svg
      className="time-axis"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={t("rights.axis", { from: formatDay(locale, first), to: formatDay(locale, last) })}
      data-testid="rights-axis"
    >
      {ticks.map((d) => (
        <g key={d}>
          <line x1={x(d)} x2={x(d)} y1={TOP - 6} y2={height} className="time-axis__tick" />
          <text x={x(d)} y={14} className="time-axis__label" textAnchor="middle">
            {formatDay(locale, d)}
          </text>
        </g>
      ))}
      <line x1={x(today)} x2={x(today)} y1={TOP - 10} y2={height} className="time-axis__today" />
      <text x={x(today)} y={TOP - 12} className="time-axis__today-label" textAnchor="middle">
        {t("rights.today")}
      </text>
      {rows.map((row, n) => {
        const y = TOP + n * ROW + ROW / 2;
        return (
          <g key={row.key} data-testid="rights-axis-row">
            <text x={8} y={y + 4} className="time-axis__row">
              {row.label.length > 38 ? `${row.label.slice(0, 37)}…` : row.label}
            </text>
            <line x1={LABEL} x2={WIDTH - 8} y1={y} y2={y} className="time-axis__lane" />
            {row.items.map((item) => (
              <circle
                key={item.id}
                cx={x(item.licence_end)}
                cy={y}
                r={6}
                className={`time-axis__dot time-axis__dot--${item.status}`}
              >
                <title>
                  {`${item.file_name} · ${item.licence_end ? formatDay(locale, item.licence_end) : t("rights.noEnd")} · ${item.reason}`}
                </title>
              </circle>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
