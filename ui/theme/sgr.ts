/**
 * The dashboard's colours as SGR escape sequences, written by karpd itself: a frame line becomes one string
 * with its colour codes in it, so ink draws it as one text node instead of one nested `<Text>` per coloured run
 * (each of which ink re-colours through chalk on every frame), and colour depends on karpd's own
 * `--color`/`NO_COLOR` decision, not on chalk guessing from the stream. Only the 16 named colours every terminal has.
 */
const FOREGROUND: Readonly<Record<string, number>> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
  redBright: 91,
  greenBright: 92,
  yellowBright: 93,
  blueBright: 94,
  magentaBright: 95,
  cyanBright: 96,
  whiteBright: 97,
};

/** How a run of text is drawn. */
export interface SgrStyle {
  /** A named colour (`green`, `cyanBright`, …); undefined for the terminal's default. */
  readonly fg: string | undefined;
  readonly bold: boolean;
  readonly inverse: boolean;
}

/** `text` with the SGR codes that draw it in `style`, reset after it; the text as is when the style is plain. */
export function styled(text: string, style: SgrStyle): string {
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.inverse) codes.push(7);
  if (style.fg !== undefined) {
    const code = FOREGROUND[style.fg];
    if (code === undefined) throw new Error(`unknown colour "${style.fg}"`);
    codes.push(code);
  }
  if (codes.length === 0) return text;
  return `\u001b[${codes.join(';')}m${text}\u001b[0m`;
}
