import { NextResponse, type NextRequest } from "next/server";
import { LOGIN_COOKIE, cookieOptions, seal } from "@/lib/auth/session-cookie";
import { startLogin } from "@/lib/auth/oidc";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signInUnavailable } from "@/lib/auth/sign-in-errors";

const LOGIN_TTL_SECONDS = 10 * 60;

export async function GET(request: NextRequest) {
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  try {
    const { url, login } = await startLogin(returnTo);
    const response = NextResponse.redirect(url);
    response.cookies.set(LOGIN_COOKIE, await seal(login, LOGIN_TTL_SECONDS), cookieOptions(LOGIN_TTL_SECONDS));
    return response;
  } catch (error) {
    return signInUnavailable(error);
  }
}
