import type { StorageIssueInfo } from '../../shared/messages';

/** How many storage problems the services remember (diagnostics, a window opened late). */
export const MAX_STORAGE_ISSUES = 20;

/** The signed-in account's recent storage problems, oldest first; cleared with the account. */
export interface StorageIssueLog {
  record(issue: StorageIssueInfo): void;
  list(): StorageIssueInfo[];
  clear(): void;
}

export function createStorageIssueLog(emit: (issue: StorageIssueInfo) => void): StorageIssueLog {
  let issues: StorageIssueInfo[] = [];
  return {
    record(issue) {
      issues = [...issues, issue].slice(-MAX_STORAGE_ISSUES);
      emit(issue);
    },
    list: () => [...issues],
    clear() {
      issues = [];
    },
  };
}
