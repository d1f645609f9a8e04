export interface SecurityFinding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number | null;
  description: string;
  acceptedBecause: string | null;
  blocking: boolean;
}
export const ACCEPTED_FINDINGS: { id: string; file: RegExp; reason: string }[];
export function scan(input: string): Promise<{ findings: SecurityFinding[]; errors: unknown[] }>;
