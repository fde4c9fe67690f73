import 'server-only';
/**
 * The one role → permission map. Every staff data function and action asks for a permission,
 * never for a role, so changing who may do what happens here and only here.
 */
export const ROLES = ['admin', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'console.view',
  'staff.manage',
  'consultation.manage',
  // Admins: a full re-run of a case's analysis (lib/data/analysis/run.ts), across the instance's workers.
  'analysis.rerun',
  'category.manage',
  'response.approve',
  'result.publish',
  'submission.read',
  'submission.triage',
  'response.draft',
  'personal-data.read',
  'audit.read',
  // Admins: retention periods, and a resident's 開示・削除 requests (lib/retention).
  'personal-data.erase',
  // Every department's cases; without it a staff member sees only their departments' cases
  // (lib/data/departments/scope.ts).
  'department.all',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // 管理者: staff, consultations and categories; approves responses and publishes results.
  admin: PERMISSIONS,
  // 担当職員: runs their departments' cases (creates them in a department of theirs, edits,
  // imports, attaches documents, schedules, opens, extends, closes; every data function scopes it
  // with caseScope), reads and triages submissions and drafts the city's responses. Approving
  // responses and publishing results stay with admins.
  reviewer: ['console.view', 'consultation.manage', 'submission.read', 'submission.triage', 'response.draft', 'personal-data.read'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
