/**
 * The no-dashboard mode's console (`karpd up --no-tui`, stdout not a TTY, `CI`): one line per launch,
 * termination, Decision, reconcile and spot event as the view changes, and a summary line every minute; text
 * (`14:02:11 launch sandbox nodeclaim airflow-worker-x7k2p m5.large spot eu-west-2a`) or one JSON object a line.
 */
import type { Clock } from '../apis/clock.js';
import type { ViewFeedReader } from '../observe/dashboard-launch.js';
import { eventLines, eventText, summaryLine } from '../observe/event-lines.js';
import type { ViewModel } from '../observe/view-model/view-model.js';

/** Options of {@link startConsoleEvents}. */
export interface ConsoleEventsOptions {
  readonly feed: ViewFeedReader;
  /** Writes one line (without its newline). */
  readonly out: (line: string) => void;
  readonly format: 'text' | 'json';
  readonly clock: Clock;
  /** @default 60000 */
  readonly summaryEveryMs?: number;
}

/** The running printer. */
export interface ConsoleEvents {
  stop(): void;
}

/** `14:02:11` (UTC, as the log lines). */
function clockTime(at: Date): string {
  return at.toISOString().slice(11, 19);
}

/** Follows `feed` and prints its events; the first view prints only the summary. */
export function startConsoleEvents(options: ConsoleEventsOptions): ConsoleEvents {
  const { feed, out, format, clock } = options;
  const print = (fields: Record<string, unknown>, text: string) => {
    const at = clock.now();
    out(format === 'json' ? JSON.stringify({ time: at.toISOString(), ...fields }) : `${clockTime(at)} ${text}`);
  };
  const summary = (view: ViewModel) =>
    print(
      {
        type: 'summary',
        clusters: view.clusters.map(({ name, header }) => ({
          cluster: name,
          nodes: header.nodes,
          pricePerHour: header.pricePerHour,
          pricesIncomplete: header.pricesIncomplete,
          pendingPods: header.pendingPods,
          pendingDecisions: header.pendingDecisions,
        })),
      },
      summaryLine(view),
    );
  let last: ViewModel | undefined;
  const follow = () => {
    let view: ViewModel;
    try {
      view = feed.current();
    } catch {
      return;
    }
    if (view === last) return;
    for (const event of eventLines(last, view)) print(event, eventText(event));
    last = view;
  };
  follow();
  if (last !== undefined) summary(last);
  const unsubscribe = feed.subscribe(follow);
  const cancel = clock.setInterval(() => {
    follow();
    if (last !== undefined) summary(last);
  }, options.summaryEveryMs ?? 60_000);
  return {
    stop: () => {
      unsubscribe();
      cancel();
    },
  };
}
