/**
 * Which GETs of an output link count as an access. Link unfurlers (chat apps, social sites, search
 * crawlers) and browser prefetches fetch a link without anyone reading the output; counting them would
 * re-promote outputs nobody opened. HEAD never counts (its route does not call this).
 */

const PREVIEWERS =
  /slackbot|slack-imgproxy|discordbot|telegrambot|whatsapp|facebookexternalhit|facebot|twitterbot|linkedinbot|skypeuripreview|mattermost|rocket\.chat|embedly|pinterest|redditbot|googlebot|bingbot|applebot|iframely|bitlybot|google-pagerenderer|microsoftpreview/i;

export function countsAsAccess(headers: Headers): boolean {
  const purpose = `${headers.get("sec-purpose") ?? ""} ${headers.get("purpose") ?? ""} ${headers.get("x-purpose") ?? ""}`.toLowerCase();
  if (purpose.includes("prefetch") || purpose.includes("preview")) return false;
  return !PREVIEWERS.test(headers.get("user-agent") ?? "");
}
