/** Join points are paid once per customer ever, so leaving and rejoining never pays again. */
export function joinPointsDue(input: { joinPoints: number; alreadyPaid: boolean }): number {
  if (!Number.isSafeInteger(input.joinPoints) || input.joinPoints < 0) {
    throw new RangeError(`joinPoints must be a non-negative integer, got ${input.joinPoints}`);
  }
  return input.alreadyPaid ? 0 : input.joinPoints;
}
