// Errors a user can cause, each with the exit code of SPEC §6. They carry a message key and
// parameters, not text: main translates them into the chosen language at the very end.
/** A list (names, ids) is joined for the language when the message is made: 张伟、李强 / Zhang Wei, Li Qiang. */
export type Params = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export class KaoheError extends Error {
  constructor(
    readonly exitCode: number,
    readonly key: string,
    readonly params: Params = {},
  ) {
    super(key);
  }
}

/** Exit 2: a malformed value or a usage mistake. `params.field` names the flag or field. */
export class InputError extends KaoheError {
  constructor(key: string, params: Params = {}) {
    super(2, key, params);
  }
}

/** Exit 3: the value is well formed, but a rule of the regulation refuses the step. */
export class RuleError extends KaoheError {
  constructor(key: string, params: Params = {}) {
    super(3, key, params);
  }
}

/** Exit 4: the record named does not exist. */
export class NotFoundError extends KaoheError {
  constructor(key: string, params: Params = {}) {
    super(4, key, params);
  }
}

/** Exit 5: the database cannot be used (missing for a read, locked, unreadable, newer schema). */
export class StorageError extends KaoheError {
  constructor(key: string, params: Params = {}) {
    super(5, key, params);
  }
}

/** Exit 130 (as a shell reports Ctrl-C): a prompt was interrupted before anything was written. */
export class Interrupted extends KaoheError {
  constructor() {
    super(130, 'input.interrupted');
  }
}

export const EXIT = { ok: 0, found: 1, input: 2, rule: 3, notFound: 4, storage: 5 } as const;
