/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) both ways: the agent
 * server's streaming answer ({@link EventStream}, which a JSON route may return instead of a value), the text of
 * one event or comment, and a parser for the client side (`ui/source/remote-source.ts`). Only what the
 * dashboard uses: `event:` and `data:` fields, `:` comments; `id:` and `retry:` are read and ignored.
 */

/** One parsed event: its name (`message` when none was given) and its data lines joined by `\n`. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/** The open end of a stream, as the route that started it sees it. */
export interface EventSink {
  /** Sends one event; ignored once closed. */
  send(event: string, data: string): void;
  /** Sends a comment line (`: keep-alive`), which clients ignore. */
  comment(text: string): void;
  /** Ends the response. */
  close(): void;
  readonly closed: boolean;
}

/**
 * What a route returns to answer with a stream: `start` is called with the sink once the headers are sent and
 * returns what to do when the stream ends (the client went, the route closed it, or the server is closing).
 */
export class EventStream {
  constructor(
    readonly start: (sink: EventSink) => (() => void) | undefined,
    /** How often the server sends `: keep-alive`. @default 15000 */
    readonly keepAliveMs = 15_000,
  ) {}
}

/** Is `value` an {@link EventStream} (a route's streaming answer)? */
export function isEventStream(value: unknown): value is EventStream {
  return value instanceof EventStream;
}

/** The text of one event; data with line breaks becomes several `data:` lines. */
export function formatEvent(event: string, data: string): string {
  if (/[\r\n]/.test(event)) throw new Error(`an event name must be one line, got ${JSON.stringify(event)}`);
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `event: ${event}\n${lines.join('\n')}\n\n`;
}

/** The text of one comment. */
export function formatComment(text: string): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map((line) => `: ${line}`)
    .join('\n')}\n\n`;
}

/** Incremental parser: `push` text as it arrives (any chunking), get the events completed by it. */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private sawData = false;
  /** Comments seen so far (keep-alives). */
  comments = 0;

  /** Parses `chunk` and returns every event it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (match === null) break;
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const done = this.sawData ? { event: this.event || 'message', data: this.data.join('\n') } : undefined;
      this.event = '';
      this.data = [];
      this.sawData = false;
      return done;
    }
    if (line.startsWith(':')) {
      this.comments += 1;
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') {
      this.data.push(value);
      this.sawData = true;
    }
    return undefined;
  }
}
