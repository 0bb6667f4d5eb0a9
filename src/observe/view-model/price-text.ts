/** How a price per hour reads wherever karpd shows one to a person (dashboard, console lines, CLI). Pure. */

/** `$4.21`, or `≥$4.21` when some prices are unknown (the figure is then a lower bound); `atLeast` is `>=` in ASCII. */
export function dollarsText(amount: number, incomplete = false, atLeast = '≥'): string {
  return `${incomplete ? atLeast : ''}$${amount.toFixed(2)}`;
}
