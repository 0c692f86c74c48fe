import Markdown from "react-markdown";
import { formatTimestamp } from "@/lib/format/units";
import type { ContextMessage } from "@/lib/contexts/schemas";

const roleLook: Record<ContextMessage["role"], { label: string; bubble: string; align: string }> = {
  user: { label: "User", bubble: "bg-accent-50 dark:bg-blue-950/60", align: "ml-auto" },
  assistant: { label: "Assistant", bubble: "bg-white dark:bg-zinc-900", align: "mr-auto" },
  system: { label: "System", bubble: "bg-amber-50 dark:bg-amber-950/40", align: "mx-auto" },
  tool: { label: "Tool", bubble: "bg-zinc-100 dark:bg-zinc-800", align: "mr-auto" },
};

// Markdown without raw HTML (react-markdown escapes it), code blocks scrolled rather than wrapped.
const prose =
  "space-y-2 break-words text-sm leading-relaxed [&_a]:text-accent-600 [&_a]:underline [&_code]:font-mono [&_code]:text-[0.85em] " +
  "[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-zinc-200/70 [&_:not(pre)>code]:px-1 dark:[&_:not(pre)>code]:bg-zinc-700/60 " +
  "[&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-zinc-900 [&_pre]:p-3 [&_pre]:text-zinc-100 " +
  "[&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600 " +
  "[&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold";

function Message({ message }: { message: ContextMessage }) {
  const look = roleLook[message.role];
  const tokens = message.tokens ? (message.tokens.total ?? (message.tokens.prompt ?? 0) + (message.tokens.completion ?? 0)) : 0;
  return (
    <li className={`w-full max-w-3xl ${look.align}`} aria-label={`${look.label} message ${message.seq}`}>
      <div className={`rounded-lg border border-zinc-200 px-4 py-3 shadow-xs dark:border-zinc-800 ${look.bubble}`}>
        <div className="mb-1 flex flex-wrap items-baseline gap-2 text-xs text-zinc-500">
          <span className="font-semibold text-zinc-700 dark:text-zinc-300">{look.label}</span>
          {message.name ? <span>{message.name}</span> : null}
          {message.toolCallId ? <span className="font-mono">↩ {message.toolCallId}</span> : null}
          <span className="ml-auto tabular-nums">
            #{message.seq} · {formatTimestamp(message.createdAt)}
            {tokens > 0 ? ` · ${tokens} tokens` : ""}
          </span>
        </div>
        {message.content ? (
          <div className={prose}>
            <Markdown components={{ a: ({ href, children }) => <a href={href} target="_blank" rel="noopener noreferrer nofollow">{children}</a> }}>
              {message.content}
            </Markdown>
          </div>
        ) : null}
        {message.toolCalls?.map((call) => (
          <div key={call.id} className="mt-2 rounded-md border border-zinc-200 text-xs dark:border-zinc-700">
            <p className="border-b border-zinc-200 px-3 py-1 font-mono dark:border-zinc-700">
              {call.function.name}() <span className="text-zinc-500">· {call.id}</span>
            </p>
            <pre className="overflow-x-auto px-3 py-2 font-mono">{call.function.arguments}</pre>
          </div>
        ))}
      </div>
    </li>
  );
}

export function ChatTranscript({ messages }: { messages: ContextMessage[] }) {
  if (messages.length === 0) return <p className="text-sm text-zinc-500">This context has no messages yet.</p>;
  return (
    <ol className="flex flex-col gap-3" aria-label="Messages">
      {messages.map((m) => (
        <Message key={m.seq} message={m} />
      ))}
    </ol>
  );
}
