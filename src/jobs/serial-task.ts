/**
 * Runs `task` one at a time: a trigger while it runs asks for one more run after it, and several
 * such triggers make just one. `idle()` resolves when nothing runs or is asked for. The task
 * handles its own errors.
 */
export function serialTask(task: () => Promise<void>) {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await task();
    } while (again);
  };
  return {
    trigger(): void {
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => {
        running = undefined;
      });
    },
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}
