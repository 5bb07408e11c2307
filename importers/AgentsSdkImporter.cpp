#include "AgentsSdkImporter.h"

#include "AgentJson.h"
#include "AudioSummary.h"
#include "ChatMessages.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "JsonDocumentReader.h"
#include "JsonParsing.h"
#include "KeyExtractor.h"
#include "SemanticMapper.h"
#include "TimestampParser.h"
#include "WorkspaceWriter.h"

#include <QByteArray>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace {

using AgentJson::applyMapper;
using AgentJson::str;
using AgentJson::tokenCount;
using nlohmann::json;

// The Agents SDK records voice audio as mono PCM16 at this rate (agents/voice/input.py).
constexpr int AgentsSampleRate = 24000;

struct Record
{
    json value;
    std::string where;
};

int64_t timeOf(const json &obj, const char *key)
{
    auto it = obj.find(key);
    if (it == obj.end())
        return 0;
    return TimestampParser::parse(*it).value_or(0);
}

// Metadata is free-form; the attrs column wants a flat map, so nested objects become dotted keys.
void flatten(const json &value, const std::string &prefix, json &out, int depth = 0)
{
    if (value.is_object() && depth < 8) {
        for (auto it = value.begin(); it != value.end(); ++it)
            flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out, depth + 1);
    } else if (!value.is_null() && !prefix.empty()) {
        out[prefix] = value;
    }
}

// A 16-bit sample stream as a WAV item attachment, or nothing when the payload is not audio.
bool audioMedia(const json &audio, const std::string &fileName, Media &media, std::string &problem)
{
    if (!audio.is_object() || !audio.contains("data") || !audio["data"].is_string())
        return false;
    const std::string &b64 = audio["data"].get_ref<const std::string &>();
    if (b64.empty())
        return false; // trace_include_sensitive_audio_data=False leaves it empty
    const auto decoded = QByteArray::fromBase64Encoding(
        QByteArray::fromRawData(b64.data(), qsizetype(b64.size())), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        problem = "audio data is not valid base64";
        return false;
    }
    std::string bytes(decoded.decoded.constData(), size_t(decoded.decoded.size()));
    int rate = AgentsSampleRate, channels = 1;
    std::string pcm;
    if (bytes.size() >= 12 && bytes.compare(0, 4, "RIFF") == 0 && bytes.compare(8, 4, "WAVE") == 0) {
        // Some processors store a whole WAV; read its fmt and data chunks.
        size_t p = 12;
        int bits = 16;
        while (p + 8 <= bytes.size()) {
            const std::string id = bytes.substr(p, 4);
            uint32_t size = 0;
            for (int i = 0; i < 4; ++i)
                size |= uint32_t(static_cast<unsigned char>(bytes[p + 4 + size_t(i)])) << (8 * i);
            const size_t body = p + 8;
            const size_t len = std::min<size_t>(size, bytes.size() - body);
            if (id == "fmt " && len >= 16) {
                auto u16 = [&](size_t at) {
                    return int(
                        static_cast<unsigned char>(bytes[at]) | (static_cast<unsigned char>(bytes[at + 1]) << 8));
                };
                channels = u16(body + 2);
                rate = u16(body + 4) | (u16(body + 6) << 16);
                bits = u16(body + 14);
            } else if (id == "data") {
                pcm = bytes.substr(body, len);
                break;
            }
            p = body + len + (len & 1);
        }
        if (bits != 16 || channels < 1 || channels > 8 || rate <= 0) {
            problem = "WAV audio that is not 16-bit PCM";
            return false;
        }
    } else {
        const std::string format = str(audio, "format");
        if (!format.empty() && format != "pcm" && format != "pcm16") {
            problem = "audio format '" + format + "' is not PCM16";
            return false;
        }
        pcm = std::move(bytes);
    }
    const size_t frameBytes = size_t(channels) * 2;
    pcm.resize(pcm.size() - pcm.size() % frameBytes);
    const size_t frames = pcm.size() / frameBytes;
    if (frames == 0)
        return false;
    std::vector<int16_t> samples(frames * size_t(channels));
    for (size_t i = 0; i < samples.size(); ++i)
        samples[i] = int16_t(uint16_t(static_cast<unsigned char>(pcm[2 * i]))
            | uint16_t(uint16_t(static_cast<unsigned char>(pcm[2 * i + 1])) << 8));
    media.mime = "audio/wav";
    media.fileName = fileName;
    media.sampleRate = rate;
    media.channels = channels;
    media.durationNs = int64_t(frames) * 1000000000LL / rate;
    media.peaks = AudioSummary::peaksPcm16(samples.data(), frames, channels);
    media.data = AudioSummary::wavFromPcm16(pcm, rate, channels);
    return true;
}

struct TraceInfo
{
    json record; // null until the trace record is seen
    std::string where;
    int64_t startNs = 0;
    int64_t endNs = 0;
    int spans = 0;
};

class Run
{
public:
    explicit Run(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void take(json &&value, const std::string &where)
    {
        if (where.empty()) {
            // A whole document: a batch, an array, or one record.
            if (value.is_object() && value.contains("data") && value["data"].is_array()) {
                json &data = value["data"];
                for (size_t i = 0; i < data.size(); ++i)
                    add(std::move(data[i]), "record " + std::to_string(i));
            } else if (value.is_array()) {
                for (size_t i = 0; i < value.size(); ++i)
                    add(std::move(value[i]), "record " + std::to_string(i));
            } else if (value.is_object() && value.contains("object")) {
                add(std::move(value), "record 0");
            } else {
                throw ImportError(
                    "", "no Agents SDK trace or trace.span records (expected {\"data\":[…]} or an array)");
            }
            return;
        }
        // A JSONL line may itself be a batch.
        if (value.is_object() && value.contains("data") && value["data"].is_array()) {
            for (json &r : value["data"])
                add(std::move(r), where);
        } else {
            add(std::move(value), where);
        }
    }

    void finish()
    {
        if (m_spans.empty() && m_traceOrder.empty())
            throw ImportError("", "no Agents SDK trace or trace.span records");
        indexSpans();
        for (const Record &r : m_spans)
            emitSpan(r);
        for (const std::string &id : m_traceOrder)
            emitTrace(id, m_traces[id]);
    }

private:
    void add(json &&r, const std::string &where)
    {
        if (!r.is_object()) {
            m_ctx.warn(where, "not a JSON object");
            return;
        }
        const std::string object = str(r, "object");
        if (object == "trace") {
            const std::string id = str(r, "id");
            if (id.empty()) {
                m_ctx.warn(where, "trace without an id");
                return;
            }
            TraceInfo &t = trace(id);
            t.record = std::move(r);
            t.where = where;
        } else if (object == "trace.span" || (object.empty() && r.contains("span_data"))) {
            if (str(r, "id").empty() || str(r, "trace_id").empty()) {
                m_ctx.warn(where, "span without an id or trace_id");
                return;
            }
            m_spans.push_back({std::move(r), where});
        } else {
            m_ctx.warn(where, object.empty() ? "record without \"object\"" : "unknown object \"" + object + "\"");
        }
    }

    TraceInfo &trace(const std::string &id)
    {
        auto it = m_traces.find(id);
        if (it == m_traces.end()) {
            m_traceOrder.push_back(id);
            it = m_traces.emplace(id, TraceInfo()).first;
        }
        return it->second;
    }

    void indexSpans()
    {
        for (const Record &r : m_spans) {
            const json &s = r.value;
            const std::string key = str(s, "trace_id") + "/" + str(s, "id");
            m_parent[key] = str(s, "parent_id");
            const json &data = s.contains("span_data") && s["span_data"].is_object() ? s["span_data"] : m_empty;
            if (str(data, "type") == "agent")
                m_agentName[key] = str(data, "name");
            TraceInfo &t = trace(str(s, "trace_id"));
            const int64_t start = timeOf(s, "started_at"), end = std::max(timeOf(s, "ended_at"), start);
            if (start > 0 && (t.startNs == 0 || start < t.startNs))
                t.startNs = start;
            if (end > t.endNs)
                t.endNs = end;
            ++t.spans;
        }
    }

    // The agent a span runs under: itself or the nearest agent ancestor in its trace.
    std::string agentOf(const std::string &traceId, std::string spanId) const
    {
        for (int hop = 0; hop < 256 && !spanId.empty(); ++hop) {
            const std::string key = traceId + "/" + spanId;
            if (auto a = m_agentName.find(key); a != m_agentName.end())
                return a->second;
            auto p = m_parent.find(key);
            if (p == m_parent.end())
                break;
            spanId = p->second;
        }
        return {};
    }

    void addGroupKey(const std::string &traceId, Item &item) const
    {
        auto it = m_traces.find(traceId);
        if (it == m_traces.end() || !it->second.record.is_object())
            return;
        const std::string group = str(it->second.record, "group_id");
        if (!group.empty())
            item.keys.push_back({"conversation", group, "group_id"});
    }

    void emitSpan(const Record &r)
    {
        const json &s = r.value;
        const json &data = s.contains("span_data") && s["span_data"].is_object() ? s["span_data"] : m_empty;
        const std::string type = str(data, "type");

        Item item;
        item.traceId = str(s, "trace_id");
        item.spanId = str(s, "id");
        item.parentSpanId = str(s, "parent_id");
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        item.startNs = timeOf(s, "started_at");
        item.endNs = std::max(timeOf(s, "ended_at"), item.startNs);
        item.name = type.empty() ? "span" : type;
        item.actor = agentOf(item.traceId, item.spanId);
        json detail = json::object();
        detail["span_type"] = type;

        if (const json &err = s.contains("error") ? s["error"] : m_empty; !err.is_null()) {
            item.status = 2;
            item.statusMessage = err.is_object() ? str(err, "message") : err.is_string() ? err.get<std::string>() : "";
            if (item.statusMessage.empty())
                item.statusMessage = "error";
            if (err.is_object() && err.contains("data") && !err["data"].is_null())
                detail["error_data"] = err["data"];
        } else if (s.contains("ended_at") && !s["ended_at"].is_null()) {
            item.status = 1;
        }

        std::vector<Media> media;
        if (type == "agent") {
            item.kind = ItemKind::Agent;
            item.name = str(data, "name");
            item.actor = item.name;
            detail["agent"] = {{"name", item.name}, {"handoffs", data.value("handoffs", json::array())},
                {"tools", data.value("tools", json::array())}, {"output_type", data.value("output_type", json())}};
            if (!item.name.empty())
                item.keys.push_back({"agent", item.name, "span_data.name"});
        } else if (type == "generation") {
            item.kind = ItemKind::Llm;
            item.modelRequested = str(data, "model");
            item.name = item.modelRequested.empty() ? "generation" : "generation " + item.modelRequested;
            detail["input_messages"] = ChatMessages::normalize(data.value("input", json()), "user");
            detail["output_messages"] = ChatMessages::normalize(data.value("output", json()), "assistant");
            if (data.contains("model_config") && !data["model_config"].is_null())
                detail["model_config"] = data["model_config"];
            readUsage(data.value("usage", json()), item);
            for (const char *m : {"input_messages", "output_messages"})
                for (const std::string &id : ChatMessages::toolCallIds(detail[m]))
                    item.keys.push_back({"tool_call", id, m});
        } else if (type == "response") {
            item.kind = ItemKind::Llm;
            const std::string responseId = str(data, "response_id");
            item.name = "response";
            if (!responseId.empty())
                item.keys.push_back({"response", responseId, "span_data.response_id"});
            readUsage(data.value("usage", json()), item);
        } else if (type == "function") {
            item.kind = ItemKind::Tool;
            item.name = str(data, "name");
            json tool = {{"name", item.name}};
            if (data.contains("input"))
                tool["arguments"] = JsonParsing::maybeParseEmbedded(data["input"]);
            if (data.contains("output"))
                tool["result"] = JsonParsing::maybeParseEmbedded(data["output"]);
            if (data.contains("mcp_data") && !data["mcp_data"].is_null())
                tool["mcp_data"] = data["mcp_data"];
            detail["tool"] = tool;
            // Tool arguments carry the ids a support engineer joins on (order numbers, emails).
            if (tool.contains("arguments"))
                KeyExtractor::extract(tool["arguments"], "span_data.input", item.keys);
            item.text = item.name + "(" + str(data, "input") + ")";
        } else if (type == "handoff") {
            item.kind = ItemKind::Handoff;
            const std::string from = str(data, "from_agent"), to = str(data, "to_agent");
            // to_agent is filled in only after the handoff ran; correlation supplies a missing one.
            detail["handoff"] = {{"from", from}, {"to", to}};
            item.name = to.empty() ? "handoff from " + from : "handoff " + from + " → " + to;
            if (!from.empty())
                item.actor = from;
            if (!to.empty())
                item.keys.push_back({"handoff_to", to, "span_data.to_agent"});
        } else if (type == "guardrail") {
            item.name = str(data, "name");
            const bool triggered = data.value("triggered", false) == true;
            detail["guardrail"] = {{"name", item.name}, {"triggered", triggered}};
            if (triggered) {
                item.status = 2;
                item.statusMessage = "guardrail " + item.name + " triggered";
            }
        } else if (type == "custom") {
            item.name = str(data, "name");
            const json &custom = data.contains("data") ? data["data"] : m_empty;
            if (!custom.is_null())
                detail["data"] = custom;
            if (custom.is_object()) {
                if (const std::string sdkType = str(custom, "sdk_span_type"); !sdkType.empty())
                    detail["sdk_span_type"] = sdkType;
                if (const std::string agent = str(custom, "agent_name"); !agent.empty())
                    item.actor = agent;
                readUsage(custom.value("usage", json()), item);
            }
        } else if (type == "transcription") {
            item.kind = ItemKind::Asr;
            item.name = "transcription";
            item.modelRequested = str(data, "model");
            item.text = ChatMessages::contentText(data.value("output", json()));
            attachAudio(data.value("input", json()), item.spanId + "-input.wav", r.where, media);
        } else if (type == "speech") {
            item.kind = ItemKind::Speech;
            item.name = "speech";
            item.modelRequested = str(data, "model");
            item.text = ChatMessages::contentText(data.value("input", json()));
            if (const std::string first = str(data, "first_content_at"); !first.empty()) {
                detail["first_content_at"] = first;
                if (const auto t = TimestampParser::parseText(first); t && item.startNs > 0)
                    detail["time_to_first_audio_ms"] = (*t - item.startNs) / 1000000;
            }
            attachAudio(data.value("output", json()), item.spanId + "-output.wav", r.where, media);
        } else if (type == "speech_group") {
            item.name = "speech_group";
            item.text = ChatMessages::contentText(data.value("input", json()));
        } else if (type == "mcp_tools") {
            item.kind = ItemKind::Tool;
            const std::string server = str(data, "server");
            item.name = server.empty() ? "mcp_tools" : "mcp_tools " + server;
            detail["mcp"] = {{"server", server}, {"result", data.value("result", json())}};
        }
        if (item.name.empty())
            item.name = type.empty() ? "span" : type;
        if ((type == "transcription" || type == "speech") && data.contains("model_config")
            && !data["model_config"].is_null())
            detail["model_config"] = data["model_config"];
        addGroupKey(item.traceId, item);

        json attrs = json::object();
        flatten(s.value("metadata", json()), std::string(), attrs);
        applyMapper(attrs, item, detail);
        SemanticMapper::finish(attrs, detail, item);
        const int64_t id = m_ctx.addItem(item);
        for (const Media &m : media)
            m_ctx.writer().addMedia(id, m);
    }

    void attachAudio(const json &audio, const std::string &fileName, const std::string &where, std::vector<Media> &out)
    {
        Media m;
        std::string problem;
        if (audioMedia(audio, fileName, m, problem))
            out.push_back(std::move(m));
        else if (!problem.empty())
            m_ctx.warn(where, problem);
    }

    static void readUsage(const json &usage, Item &item)
    {
        if (item.inputTokens < 0)
            item.inputTokens = tokenCount(usage, {"input_tokens", "prompt_tokens"});
        if (item.outputTokens < 0)
            item.outputTokens = tokenCount(usage, {"output_tokens", "completion_tokens"});
    }

    void emitTrace(const std::string &id, const TraceInfo &t)
    {
        if (!t.record.is_object())
            return; // spans whose trace record is elsewhere: nothing to say about the trace itself
        Item item;
        item.kind = ItemKind::Agent;
        item.ref = "trace:" + id;
        item.traceId = id;
        item.name = str(t.record, "workflow_name");
        item.startNs = t.startNs;
        item.endNs = t.endNs;
        addGroupKey(id, item);
        json detail = json::object();
        detail["span_count"] = t.spans;
        json attrs = json::object();
        flatten(t.record.value("metadata", json()), std::string(), attrs);
        applyMapper(attrs, item, detail);
        SemanticMapper::finish(attrs, detail, item);
        if (item.text.empty())
            item.text = item.name;
        m_ctx.addItem(item);
    }

    ImportContext &m_ctx;
    const json m_empty;
    std::vector<Record> m_spans;
    std::vector<std::string> m_traceOrder;
    std::unordered_map<std::string, TraceInfo> m_traces;
    std::unordered_map<std::string, std::string> m_parent; // "trace/span" → parent span id
    std::unordered_map<std::string, std::string> m_agentName; // "trace/span" → agent name
};

// Finds `"object"` followed by a JSON string value, tolerating whitespace.
bool hasObjectValue(std::string_view head, std::string_view wanted)
{
    size_t pos = 0;
    while ((pos = head.find("\"object\"", pos)) != std::string_view::npos) {
        pos += 8;
        size_t p = pos;
        while (p < head.size() && (head[p] == ' ' || head[p] == '\t' || head[p] == '\n' || head[p] == '\r'))
            ++p;
        if (p >= head.size() || head[p] != ':')
            continue;
        ++p;
        while (p < head.size() && (head[p] == ' ' || head[p] == '\t' || head[p] == '\n' || head[p] == '\r'))
            ++p;
        if (head.substr(p, wanted.size() + 2) == "\"" + std::string(wanted) + "\"")
            return true;
    }
    return false;
}

} // namespace

int AgentsSdkImporter::sniff(const SniffInput &in) const
{
    const char first = JsonParsing::firstSignificant(in.head);
    if (first != '{' && first != '[')
        return 0;
    if (hasObjectValue(in.head, "trace.span"))
        return 95;
    // A file of trace records only, or spans written without "object" by a custom processor.
    if (hasObjectValue(in.head, "trace") && in.head.find("\"workflow_name\"") != std::string_view::npos)
        return 92;
    if (in.head.find("\"span_data\"") != std::string_view::npos
        && in.head.find("\"trace_id\"") != std::string_view::npos
        && in.head.find("\"started_at\"") != std::string_view::npos)
        return 80;
    return 0;
}

void AgentsSdkImporter::run(ImportContext &ctx) const
{
    Run run(ctx);
    JsonDocumentReader::read(
        ctx, [&run](json &&value, const std::string &where) { run.take(std::move(value), where); });
    run.finish();
}
