import { withBearerRole } from "@/lib/auth/guards";
import { cancelPromotionOperation } from "@/lib/models/api-operations";
import { cancelPromotion } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = cancelPromotionOperation.params.parse(await params);
  return Response.json(await cancelPromotion(caller, id), { status: 202 });
});
