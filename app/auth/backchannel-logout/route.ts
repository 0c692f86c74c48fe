import type { NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { backchannelLogout } from "@/lib/auth/backchannel-logout";
import { describeError } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** Keycloak's back-channel logout (server to server; the realm's client names this URL). */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    const { target, ended } = await backchannelLogout(new URLSearchParams(await request.text()));
    await recordAudit({
      actor: { id: target.userId ?? "keycloak", name: "Keycloak back-channel logout" },
      action: "auth.backchannel_logout",
      target: target.keycloakSid ? `keycloak-session:${target.keycloakSid}` : `user:${target.userId}`,
      outcome: "success",
      origin: originFromHeaders(request.headers),
      details: { ended },
    });
    return new Response(null, { status: 200, headers: noStore });
  } catch (error) {
    const { status, body } = describeError(error);
    return Response.json(body, { status, headers: noStore });
  }
}
