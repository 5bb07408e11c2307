// SemanticMapper on the real attribute maps in tests/fixtures/real/genai-attributes and on the
// vocabularies those files do not cover (OpenLLMetry indexed keys, retrieval documents, prompt
// templates, Vercel AI SDK, Traceloop, handoffs, file/uri/blob parts).
#include "SemanticMapper.h"
#include "TestUtils.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <random>

using nlohmann::json;

namespace {

struct Mapped
{
    Item item;
    json detail;
};

Mapped map(const json &attrs, const std::string &name = std::string())
{
    Mapped m;
    m.item.name = name;
    m.detail = json::object();
    SemanticMapper::apply(attrs, m.item, m.detail);
    SemanticMapper::finish(attrs, m.detail, m.item);
    m.detail = m.item.detailJson.empty() ? json::object() : json::parse(m.item.detailJson);
    return m;
}

json fixture(const char *name)
{
    const QByteArray bytes = TestUtils::readFile(TestUtils::realFixture(QStringLiteral("genai-attributes/") + name));
    return json::parse(bytes.toStdString());
}

bool hasKey(const Item &item, const std::string &kind, const std::string &value)
{
    for (const ItemKey &k : item.keys)
        if (k.kind == kind && k.value == value)
            return true;
    return false;
}

} // namespace

class TestSemanticMapper : public QObject
{
    Q_OBJECT

private slots:
    void openInferenceFlattenedMessages();
    void openInferenceInputOutputValues();
    void genaiCurrentMessagesWithParts();
    void genaiDeprecatedPromptAndCompletion();
    void messagesFromTextMatchParsedMessages();
    void genaiToolExecutionSpan();
    void openLlmetryIndexedKeys();
    void retrievalDocumentsAndPromptTemplate();
    void vercelAiSdkKeys();
    void traceloopEntityAndHandoffs();
    void filesUrisAndBlobs();
    void neverOverwritesImporterFields();
};

void TestSemanticMapper::openInferenceFlattenedMessages()
{
    const Mapped m = map(fixture("openinference_client_span_tool_calls.json"));
    QCOMPARE(int(m.item.kind), int(ItemKind::Llm));
    // Asked for gpt-4 (invocation parameters), served by gpt-4-0613 (llm.model_name).
    QCOMPARE(m.item.modelRequested, std::string("gpt-4"));
    QCOMPARE(m.item.modelServed, std::string("gpt-4-0613"));
    QCOMPARE(m.item.inputTokens, 97);
    QCOMPARE(m.item.outputTokens, 52);
    const json &in = m.detail["input_messages"];
    QCOMPARE(in.size(), size_t(3));
    QCOMPARE(in[0]["role"].get<std::string>(), std::string("user"));
    QCOMPARE(in[0]["content"].get<std::string>(), std::string("Weather in Paris?"));
    QCOMPARE(in[1]["content"].get<std::string>(), std::string("Absolutely! Let me check the weather for you."));
    QCOMPARE(in[1]["tool_calls"][0]["id"].get<std::string>(), std::string("1234"));
    QCOMPARE(in[1]["tool_calls"][0]["name"].get<std::string>(), std::string("get_weather"));
    QCOMPARE(in[1]["tool_calls"][0]["arguments"]["location"].get<std::string>(), std::string("Paris"));
    QCOMPARE(in[2]["role"].get<std::string>(), std::string("tool"));
    QCOMPARE(in[2]["tool_call_id"].get<std::string>(), std::string("1234"));
    QCOMPARE(in[2]["content"].get<std::string>(), std::string("rainy, 57°F"));
    QCOMPARE(m.detail["output_messages"][0]["content"].get<std::string>(),
        std::string("The weather in Paris is currently rainy with a temperature of 57°F."));
    QCOMPARE(
        m.item.text, std::string("rainy, 57°F\nThe weather in Paris is currently rainy with a temperature of 57°F."));
}

void TestSemanticMapper::openInferenceInputOutputValues()
{
    const Mapped m = map(fixture("openinference_client_span_input_output_only.json"));
    const json &in = m.detail["input_messages"];
    QCOMPARE(in.size(), size_t(3));
    QCOMPARE(in[1]["tool_calls"][0]["name"].get<std::string>(), std::string("get_weather"));
    QCOMPARE(in[2]["tool_call_id"].get<std::string>(), std::string("1234"));
    QCOMPARE(m.detail["output_messages"][0]["finish_reason"].get<std::string>(), std::string("stop"));
    QCOMPARE(m.detail["output_messages"][0]["role"].get<std::string>(), std::string("assistant"));
    QCOMPARE(m.item.modelServed, std::string("gpt-4-0613"));
}

void TestSemanticMapper::genaiCurrentMessagesWithParts()
{
    const Mapped m = map(fixture("otel_genai_client_span_tool_calls.json"));
    QCOMPARE(int(m.item.kind), int(ItemKind::Llm));
    QCOMPARE(m.item.modelRequested, std::string("gpt-4"));
    QCOMPARE(m.item.modelServed, std::string("gpt-4-0613"));
    QCOMPARE(m.item.inputTokens, 97);
    QCOMPARE(m.detail["input_messages"].size(), size_t(3));
    QCOMPARE(m.detail["input_messages"][1]["tool_calls"][0]["arguments"]["location"].get<std::string>(),
        std::string("Paris"));
    QCOMPARE(m.detail["output_messages"][0]["finish_reason"].get<std::string>(), std::string("stop"));
    QVERIFY(hasKey(m.item, "response", "chatcmpl-CQF10eCkoFphJZJQkzzN6EkTD0AVF")
        || hasKey(m.item, "id", "chatcmpl-CQF10eCkoFphJZJQkzzN6EkTD0AVF"));
    // Prose is not mined for identifiers.
    for (const ItemKey &k : m.item.keys)
        QVERIFY2(k.field.find("messages") == std::string::npos, k.field.c_str());
}

void TestSemanticMapper::messagesFromTextMatchParsedMessages()
{
    // Messages given as JSON text take a fast path for the common GenAI shape; given already
    // parsed they take the general one. Both must normalize to the same thing for the common
    // shape and for each near miss (the fast path declines those to the general path).
    const std::string pieces[] = {
        R"({"role":"user","parts":[{"type":"text","content":"Where is order A-2?"}]})",
        R"({"role":"assistant","parts":[{"type":"text","content":"a"},{"type":"text","content":""},{"type":"text","content":"b"}],"finish_reason":"stop"})",
        R"({"role":"","parts":[]})",
        R"({"parts":[{"type":"text","content":"no role"}]})",
        R"({"role":"tool","name":"lookup","parts":[{"type":"text","content":"{\"status\":\"shipped\"}"}]})",
        R"({"role":"user"})",
        R"({"finish_reason":"stop"})",
        R"({})",
        R"({"role":"user","role":"system","parts":[]})",
        R"({"role":7,"parts":[{"type":"text","content":"numeric role"}]})",
        R"({"role":"user","parts":[{"type":"text","text":"text, not content"}]})",
        R"({"role":"user","parts":[{"type":"image","uri":"https://x/y.png"}]})",
        R"({"role":"user","parts":[{"content":"no type"}]})",
        R"({"role":"user","parts":[{"type":"text","content":"extra","id":"p1"}]})",
        R"({"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"f","arguments":{"x":1}}]})",
        R"({"role":"user","content":"plain content member"})",
        R"({"role":"user","parts":[{"type":"text","content":"x"}],"finish_reason":null})",
        R"({"role":"user","parts":"not a list"})",
        R"("a bare string")",
        R"(["nested"])",
        R"({"role":"user","parts":[{"type":"text","content":"caf\u00e9 \n tab\t"}]})",
    };
    std::mt19937 rng(7);
    for (int round = 0; round < 400; ++round) {
        std::string text = "[";
        const int count = int(rng() % 4);
        for (int i = 0; i < count; ++i)
            text += (i ? "," : "") + pieces[rng() % std::size(pieces)];
        text += "]";
        for (const char *role : {"user", "assistant"}) {
            const json fromText = SemanticMapper::normalizeMessages(json(text), role);
            const json fromParsed = SemanticMapper::normalizeMessages(json::parse(text), role);
            if (fromText != fromParsed)
                QFAIL(qPrintable(QStringLiteral("%1 as %2: text gave %3, parsed gave %4")
                                     .arg(QString::fromStdString(text), role, QString::fromStdString(fromText.dump()),
                                         QString::fromStdString(fromParsed.dump()))));
        }
    }
    // Text the fast parser refuses — cut short, or with a byte that is not UTF-8 — is kept
    // whole as one message's content, as the general path always did.
    std::string latin1 = "[" + pieces[0] + "]";
    latin1.replace(latin1.find("Where"), 5, "Wh\xe9re"); // valid JSON but for one Latin-1 byte
    for (const std::string &bad : {std::string("[") + pieces[0], latin1}) {
        const json m = SemanticMapper::normalizeMessages(json(bad), "user");
        QCOMPARE(m.size(), size_t(1));
        QCOMPARE(m[0]["role"].get<std::string>(), std::string("user"));
        QCOMPARE(m[0]["content"].get<std::string>(), bad);
    }
    // The fast path's own answer for the common shape, spelled out.
    const json m = SemanticMapper::normalizeMessages(json("[" + pieces[1] + "]"), "user");
    QCOMPARE(m.dump(), std::string(R"([{"content":"a\nb","finish_reason":"stop","role":"assistant"}])"));
}

void TestSemanticMapper::genaiDeprecatedPromptAndCompletion()
{
    const Mapped m = map(fixture("otel_genai_deprecated_client_span_tool_calls.json"));
    QCOMPARE(m.detail["input_messages"].size(), size_t(3));
    QCOMPARE(m.detail["input_messages"][0]["content"].get<std::string>(), std::string("Weather in Paris?"));
    QCOMPARE(m.detail["output_messages"][0]["content"].get<std::string>(),
        std::string("The weather in Paris is currently rainy with a temperature of 57°F."));
    QCOMPARE(m.item.outputTokens, 52);
}

void TestSemanticMapper::genaiToolExecutionSpan()
{
    const Mapped m = map(fixture("otel_genai_tool_execution_span.json"), "execute_tool get_weather");
    QCOMPARE(int(m.item.kind), int(ItemKind::Tool));
    QCOMPARE(m.detail["tool"]["name"].get<std::string>(), std::string("get_weather"));
    QCOMPARE(m.detail["tool"]["call_id"].get<std::string>(), std::string("1234"));
    QCOMPARE(m.detail["tool"]["arguments"]["city"].get<std::string>(), std::string("New York"));
    QCOMPARE(m.detail["tool"]["result"]["status"].get<std::string>(), std::string("success"));
    QVERIFY(hasKey(m.item, "tool_call", "1234"));
    QVERIFY(m.item.text.find("New York") != std::string::npos);
}

void TestSemanticMapper::openLlmetryIndexedKeys()
{
    const json attrs = {{"gen_ai.system", "openai"}, {"gen_ai.request.model", "gpt-4o"},
        {"gen_ai.prompt.0.role", "system"}, {"gen_ai.prompt.0.content", "Be brief."}, {"gen_ai.prompt.1.role", "user"},
        {"gen_ai.prompt.1.content", "Refund order A-19"}, {"gen_ai.prompt.name", "refunds"},
        {"gen_ai.completion.0.role", "assistant"}, {"gen_ai.completion.0.finish_reason", "tool_calls"},
        {"gen_ai.completion.0.tool_calls.0.id", "call_7"}, {"gen_ai.completion.0.tool_calls.0.name", "lookup_order"},
        {"gen_ai.completion.0.tool_calls.0.arguments", "{\"order\":\"A-19\"}"}, {"gen_ai.usage.prompt_tokens", 30},
        {"gen_ai.usage.completion_tokens", "12"}};
    const Mapped m = map(attrs);
    QCOMPARE(int(m.item.kind), int(ItemKind::Llm));
    QCOMPARE(m.detail["input_messages"].size(), size_t(2));
    QCOMPARE(m.detail["input_messages"][1]["content"].get<std::string>(), std::string("Refund order A-19"));
    QCOMPARE(m.detail["output_messages"][0]["tool_calls"][0]["name"].get<std::string>(), std::string("lookup_order"));
    QCOMPARE(
        m.detail["output_messages"][0]["tool_calls"][0]["arguments"]["order"].get<std::string>(), std::string("A-19"));
    QVERIFY(hasKey(m.item, "tool_call", "call_7"));
    QCOMPARE(m.item.promptName, std::string("refunds")); // gen_ai.prompt.name is not a message
    QCOMPARE(m.item.inputTokens, 30);
    QCOMPARE(m.item.outputTokens, 12);
}

void TestSemanticMapper::retrievalDocumentsAndPromptTemplate()
{
    const json attrs = {{"openinference.span.kind", "RETRIEVER"}, {"session.id", "conv_8842"}, {"user.id", "cust-5512"},
        {"input.value", "refund policy for damaged goods"}, {"retrieval.documents.0.document.id", "kb-311"},
        {"retrieval.documents.0.document.score", 0.82},
        {"retrieval.documents.0.document.content", "Damaged items are refunded within 5 days"},
        {"retrieval.documents.1.document.id", "kb-12"}, {"retrieval.documents.1.document.score", "0.5"},
        {"llm.prompt_template.template", "Answer using {context}"}, {"llm.prompt_template.version", "v7"},
        {"llm.prompt_template.variables", "{\"context\":\"...\"}"}};
    const Mapped m = map(attrs);
    QCOMPARE(int(m.item.kind), int(ItemKind::Retrieval));
    QCOMPARE(m.detail["documents"].size(), size_t(2));
    QCOMPARE(m.detail["documents"][0]["id"].get<std::string>(), std::string("kb-311"));
    QCOMPARE(m.detail["documents"][0]["score"].get<double>(), 0.82);
    QCOMPARE(m.detail["documents"][1]["score"].get<double>(), 0.5);
    QCOMPARE(m.detail["documents"][0]["content"].get<std::string>(),
        std::string("Damaged items are refunded within 5 days"));
    QCOMPARE(m.item.promptVersion, std::string("v7"));
    QCOMPARE(m.detail["prompt"]["template"].get<std::string>(), std::string("Answer using {context}"));
    QCOMPARE(m.detail["prompt"]["variables"]["context"].get<std::string>(), std::string("..."));
    QVERIFY(hasKey(m.item, "conversation", "conv_8842"));
    QVERIFY(hasKey(m.item, "user", "cust-5512"));
    QCOMPARE(m.detail["input"].get<std::string>(), std::string("refund policy for damaged goods"));
}

void TestSemanticMapper::vercelAiSdkKeys()
{
    const json attrs = {{"ai.operationId", "ai.generateText.doGenerate"}, {"ai.model.id", "gpt-4o-mini"},
        {"ai.response.model", "gpt-4o-mini-2024-07-18"},
        {"ai.prompt.messages",
            "[{\"role\":\"system\",\"content\":\"Be nice\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
            "\"text\":\"Hi\"},{\"type\":\"image\",\"image\":\"data:image/png;base64,iVBORw0KGgo=\"}]}]"},
        {"ai.response.text", "Hello!"},
        {"ai.response.toolCalls",
            "[{\"toolCallType\":\"function\",\"toolCallId\":\"call_9\",\"toolName\":\"weather\",\"args\":\"{\\\"c\\\":"
            "\\\"Paris\\\"}\"}]"},
        {"ai.usage.promptTokens", 14}, {"ai.usage.completionTokens", 20}, {"ai.telemetry.metadata.userId", "u-77"}};
    const Mapped m = map(attrs);
    QCOMPARE(int(m.item.kind), int(ItemKind::Llm));
    QCOMPARE(m.item.modelRequested, std::string("gpt-4o-mini"));
    QCOMPARE(m.item.modelServed, std::string("gpt-4o-mini-2024-07-18"));
    QCOMPARE(m.detail["input_messages"][1]["content"].get<std::string>(), std::string("Hi"));
    QCOMPARE(m.detail["input_messages"][1]["attachments"][0]["url"].get<std::string>(),
        std::string("data:image/png;base64,…"));
    QCOMPARE(m.detail["output_messages"][0]["content"].get<std::string>(), std::string("Hello!"));
    QCOMPARE(m.detail["output_messages"][0]["tool_calls"][0]["id"].get<std::string>(), std::string("call_9"));
    QCOMPARE(
        m.detail["output_messages"][0]["tool_calls"][0]["arguments"]["c"].get<std::string>(), std::string("Paris"));
    QVERIFY(hasKey(m.item, "tool_call", "call_9"));
    QVERIFY(hasKey(m.item, "user", "u-77"));
    QVERIFY(!hasKey(m.item, "id", "ai.generateText.doGenerate"));
    QCOMPARE(m.item.inputTokens, 14);
    // The wrapper span (ai.generateText) is not an LLM call of its own.
    QCOMPARE(int(SemanticMapper::kindFromAttributes(
                 {{"ai.operationId", "ai.generateText"}, {"ai.model.id", "x"}}, ItemKind::Other)),
        int(ItemKind::Other));
    QCOMPARE(int(SemanticMapper::kindFromAttributes({{"ai.operationId", "ai.toolCall"}}, ItemKind::Other)),
        int(ItemKind::Tool));
}

void TestSemanticMapper::traceloopEntityAndHandoffs()
{
    const Mapped t = map({{"traceloop.span.kind", "workflow"},
        {"traceloop.entity.input", "{\"inputs\":{\"question\":\"where is my refund\"}}"},
        {"traceloop.entity.output", "{\"outputs\":{\"answer\":\"sent\"}}"},
        {"traceloop.association.properties.session_id", "sess-42"}});
    QCOMPARE(int(t.item.kind), int(ItemKind::Agent));
    QVERIFY(hasKey(t.item, "conversation", "sess-42"));
    QVERIFY(t.item.text.find("where is my refund") != std::string::npos);

    const Mapped h = map({{"gen_ai.operation.name", "handoff"}, {"gen_ai.handoff.from_agent", "Triage"},
        {"gen_ai.handoff.to_agent", "Refunds"}});
    QCOMPARE(int(h.item.kind), int(ItemKind::Handoff));
    QCOMPARE(h.detail["handoff"]["from"].get<std::string>(), std::string("Triage"));
    QCOMPARE(h.detail["handoff"]["to"].get<std::string>(), std::string("Refunds"));
    QVERIFY(hasKey(h.item, "handoff_to", "Refunds"));

    // OpenInference writes an Agents SDK handoff as a TOOL span named after the target.
    const Mapped oi
        = map({{"openinference.span.kind", "TOOL"}, {"input.value", "Triage"}, {"output.value", "Refunds Agent"}},
            "handoff to Refunds Agent");
    QCOMPARE(int(oi.item.kind), int(ItemKind::Handoff));
    QCOMPARE(oi.detail["handoff"]["to"].get<std::string>(), std::string("Refunds Agent"));
    QCOMPARE(oi.detail["handoff"]["from"].get<std::string>(), std::string("Triage"));
    const Mapped proposed = map({{"gen_ai.agent.handoff.source.name", "A"}, {"gen_ai.agent.handoff.target.name", "B"}});
    QCOMPARE(int(proposed.item.kind), int(ItemKind::Handoff));
    QVERIFY(hasKey(proposed.item, "handoff_to", "B"));

    // What the importer already put in detail.handoff is never overwritten; empty members are filled.
    Item pre;
    json detail = {{"handoff", {{"from", "Planner"}, {"to", ""}}}};
    SemanticMapper::apply(
        json {{"gen_ai.handoff.from_agent", "Triage"}, {"gen_ai.handoff.to_agent", "Refunds"}}, pre, detail);
    QCOMPARE(detail["handoff"]["from"].get<std::string>(), std::string("Planner"));
    QCOMPARE(detail["handoff"]["to"].get<std::string>(), std::string("Refunds"));
    QVERIFY(hasKey(pre, "handoff_to", "Refunds"));
}

void TestSemanticMapper::filesUrisAndBlobs()
{
    const json messages = json::array({json {{"role", "user"},
        {"parts",
            json::array({json {{"type", "text"}, {"content", "See the screenshot"}},
                json {{"type", "file"}, {"mime_type", "image/png"}, {"modality", "image"}, {"file_id", "file-abc123"}},
                json {{"type", "uri"}, {"modality", "image"}, {"uri", "https://example.com/a.png"}},
                json {{"type", "blob"}, {"mime_type", "audio/wav"}, {"modality", "audio"}, {"content", "UklGRg=="}},
                json {{"type", "reasoning"}, {"content", "thinking"}}})}}});
    const Mapped m = map({{"gen_ai.input.messages", messages}, {"gen_ai.request.model", "gpt-4o"}});
    const json &msg = m.detail["input_messages"][0];
    QCOMPARE(msg["content"].get<std::string>(), std::string("See the screenshot"));
    QCOMPARE(msg["attachments"].size(), size_t(3));
    QCOMPARE(msg["attachments"][0]["file_id"].get<std::string>(), std::string("file-abc123"));
    QCOMPARE(msg["attachments"][1]["uri"].get<std::string>(), std::string("https://example.com/a.png"));
    QCOMPARE(msg["attachments"][2]["bytes"].get<int>(), 6);
    QVERIFY(!msg["attachments"][2].contains("content")); // no inline bytes in the detail
    QCOMPARE(msg["reasoning"].get<std::string>(), std::string("thinking"));
    QVERIFY(hasKey(m.item, "upload", "file-abc123"));
}

void TestSemanticMapper::neverOverwritesImporterFields()
{
    Item item;
    item.kind = ItemKind::Agent;
    item.actor = "svc";
    item.modelServed = "from-importer";
    item.inputTokens = 5;
    json detail = json::object();
    SemanticMapper::apply({{"gen_ai.operation.name", "chat"}, {"gen_ai.response.model", "other"},
                              {"gen_ai.usage.input_tokens", 99}, {"gen_ai.agent.name", "Bot"}},
        item, detail);
    QCOMPARE(int(item.kind), int(ItemKind::Agent));
    QCOMPARE(item.actor, std::string("svc"));
    QCOMPARE(item.modelServed, std::string("from-importer"));
    QCOMPARE(item.inputTokens, 5);
    QVERIFY(hasKey(item, "agent", "Bot"));
    // Not an object: nothing happens, nothing throws.
    Item untouched;
    json d2 = json::object();
    SemanticMapper::apply(json::array({1, 2}), untouched, d2);
    SemanticMapper::apply(json("text"), untouched, d2);
    QCOMPARE(int(untouched.kind), int(ItemKind::Other));
    QVERIFY(SemanticMapper::normalizeMessages(json(42), "user").is_array());
    QVERIFY(SemanticMapper::normalizeMessages(json(nullptr), "user").is_null());
}

QTEST_GUILESS_MAIN(TestSemanticMapper)
#include "tst_semanticmapper.moc"
