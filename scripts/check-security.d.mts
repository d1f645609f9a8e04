export interface SecurityFinding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number | null;
  /** the flagged line of code, as the scanner reports it */
  sample: string;
  description: string;
  acceptedBecause: string | null;
  blocking: boolean;
}
export interface AcceptedFinding {
  id: string;
  file: RegExp;
  snippet: string;
  reason: string;
}
export const ACCEPTED_FINDINGS: AcceptedFinding[];
export const ALWAYS_BLOCKING: string[];
type FindingFacts = Pick<SecurityFinding, 'id' | 'severity' | 'file' | 'sample'>;
export function acceptanceFor(finding: FindingFacts): AcceptedFinding | null;
export function isBlocking(finding: FindingFacts, accepted: AcceptedFinding | null): boolean;
export function scan(input: string): Promise<{ findings: SecurityFinding[]; errors: unknown[] }>;
