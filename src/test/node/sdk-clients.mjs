// Drives the real client SDKs against a running Keyrelay gateway, for SdkClientsRouteTest.
// usage: node sdk-clients.mjs <scenario> <gateway base URL>; prints one JSON line with what the client got.
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { Ollama } from "ollama";

const [scenario, base] = process.argv.slice(2);
const messages = [{ role: "user", content: "Say hello" }];
// maxRetries: 0, so any rotation seen is the gateway's, not the SDK's own retry
const openai = new OpenAI({ baseURL: `${base}/p/v1`, apiKey: "client-placeholder", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: `${base}/p`, apiKey: "client-placeholder", maxRetries: 0 });
const ollama = new Ollama({ host: `${base}/p` });

const scenarios = {
  async "openai-chat"() {
    const { data, response } = await openai.chat.completions
      .create({ model: "m", messages })
      .withResponse();
    return { content: data.choices[0].message.content, key: response.headers.get("x-keyrelay-key") };
  },
  async "openai-stream"() {
    const stream = await openai.chat.completions.create({ model: "m", messages, stream: true });
    let content = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      content += chunk.choices[0]?.delta?.content ?? "";
    }
    return { content, chunks };
  },
  async "anthropic-stream"() {
    const stream = anthropic.messages.stream({ model: "m", max_tokens: 64, messages });
    const message = await stream.finalMessage();
    return { content: message.content.map((b) => b.text).join(""), stop: message.stop_reason,
             outputTokens: message.usage.output_tokens };
  },
  async "ollama-stream"() {
    const stream = await ollama.chat({ model: "m", messages, stream: true });
    let content = "";
    let parts = 0;
    for await (const part of stream) {
      parts++;
      content += part.message?.content ?? "";
    }
    return { content, parts };
  },
  async "openai-error"() {
    try {
      await openai.chat.completions.create({ model: "m", messages });
      return { status: 200 };
    } catch (e) {
      return { status: e.status, type: e.error?.type ?? e.type ?? null };
    }
  },
  async "anthropic-error"() {
    try {
      await anthropic.messages.create({ model: "m", max_tokens: 64, messages });
      return { status: 200 };
    } catch (e) {
      return { status: e.status, type: e.error?.error?.type ?? null, message: e.error?.error?.message ?? null };
    }
  },
  async "ollama-error"() {
    try {
      await ollama.chat({ model: "m", messages });
      return { status: 200 };
    } catch (e) {
      return { status: e.status_code, message: e.error ?? null };
    }
  },
};

try {
  const result = await scenarios[scenario]();
  console.log(JSON.stringify({ ok: true, ...result }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.message ?? e) }));
  process.exitCode = 1;
}
