/**
 * What an output may be: the media Strata's services generate and a browser shows without running it.
 * No SVG, HTML or anything scriptable, so opening an output (inline, from the gallery or /o/{id}) can
 * never execute stored content. Pure: the browser and tests use it too.
 */

export const outputTypes = ["image", "audio"] as const;
export type OutputType = (typeof outputTypes)[number];

/** Allowed content types per output type, each with the extension its key gets. */
export const mediaTypes: Record<OutputType, Record<string, string>> = {
  image: { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/avif": "avif" },
  audio: {
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/flac": "flac",
    "audio/webm": "webm",
    "audio/mp4": "m4a",
  },
};

/** The extension for this content type within this type, or null when the pair is not allowed. */
export function extensionFor(type: OutputType, contentType: string): string | null {
  return mediaTypes[type][contentType.toLowerCase()] ?? null;
}

export function allowedContentTypes(type: OutputType): string[] {
  return Object.keys(mediaTypes[type]);
}
