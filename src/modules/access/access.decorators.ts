import type { ExecutionContext } from '@nestjs/common';
import { SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Principal, AccessRole } from './roles.js';

export const ALLOWED_ROLES = 'dunghan:allowed-roles';
export const PUBLIC_ROUTE = 'dunghan:public';

/** The roles that may call a route. A route with neither this nor `@Public()` is refused to all. */
export const Allow = (...roles: AccessRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Reachable without a token: health checks, metrics, the API's own documentation. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export interface AuthenticatedRequest {
  principal?: Principal;
  /**
   * For a request signed in by a session cookie: the token every form and unsafe request of that
   * session must carry (form field `_csrf` or header `X-CSRF-Token`). Absent for bearer-token calls,
   * which a browser cannot be tricked into sending.
   */
  csrfToken?: string;
}

/** The caller, put on the request by the AccessGuard. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal === undefined) throw new Error('@Caller() on a route the AccessGuard did not authenticate');
  return principal;
});
