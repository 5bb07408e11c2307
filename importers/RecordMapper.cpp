#include "RecordMapper.h"

#include "KeyExtractor.h"
#include "TimestampParser.h"
#include "TextCut.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>

using nlohmann::json;

namespace {

constexpr int MaxFlattenDepth = 6;
constexpr size_t MaxFlattenFields = 600;
constexpr size_t MaxAttrsBytes = 256 * 1024;
constexpr size_t MaxTextBytes = 64 * 1024;
// Times before 1990 or after 2200 are counters and offsets, not wall-clock times.
constexpr int64_t MinPlausibleNs = 631152000LL * 1000000000LL;
constexpr int64_t MaxPlausibleNs = 7258118400LL * 1000000000LL;

// The spelling-free form of a field name: "@timestamp" → "timestamp", "trace-id" → "traceid",
// "createdAt" → "createdat".
std::string squash(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool endsWith(const std::string &s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Field
{
    std::string path; // as spelled, dotted for nesting
    std::string norm; // squash(path)
    std::string last; // squash(last segment)
    const json *value;
    int depth;
};

void flatten(const json &obj, const std::string &prefix, int depth, std::vector<Field> &out)
{
    for (auto it = obj.begin(); it != obj.end() && out.size() < MaxFlattenFields; ++it) {
        std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
        const json &v = it.value();
        out.push_back({path, squash(path), squash(it.key()), &v, depth});
        if (v.is_object() && depth + 1 < MaxFlattenDepth)
            flatten(v, path, depth + 1, out);
        // The first object of a list stands for it (SES bouncedRecipients[0].diagnosticCode).
        else if (v.is_array() && !v.empty() && v.front().is_object() && depth + 1 < MaxFlattenDepth)
            flatten(v.front(), path, depth + 1, out);
    }
}

// Finds fields by name whatever the spelling: the full dotted path first ("http.method"),
// then the last segment ("req.method"), shallowest first, in the candidates' order.
class FieldIndex
{
public:
    explicit FieldIndex(const json &record)
    {
        if (record.is_object())
            flatten(record, std::string(), 0, m_fields);
    }

    using Pred = std::function<bool(const Field &)>;

    const Field *find(std::initializer_list<const char *> names, const Pred &pred = {}, int maxDepth = 99) const
    {
        for (const char *name : names) {
            const Field *best = nullptr;
            int bestRank = 1 << 20;
            for (const Field &f : m_fields) {
                if (f.depth > maxDepth)
                    continue;
                int rank;
                if (f.norm == name)
                    rank = f.depth;
                else if (f.last == name)
                    rank = 100 + f.depth;
                else
                    continue;
                if (rank < bestRank && (!pred || pred(f))) {
                    best = &f;
                    bestRank = rank;
                }
            }
            if (best)
                return best;
        }
        return nullptr;
    }

    const Field *findSuffix(std::string_view suffix, const Pred &pred = {}) const
    {
        for (const Field &f : m_fields)
            if (endsWith(f.norm, suffix) && (!pred || pred(f)))
                return &f;
        return nullptr;
    }

    const std::vector<Field> &fields() const { return m_fields; }

private:
    std::vector<Field> m_fields;
};

std::string asText(const json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer() || v.is_number_unsigned() || v.is_boolean())
        return v.dump();
    if (v.is_number_float())
        return v.dump();
    return {};
}

bool isNonEmptyString(const Field &f)
{
    return f.value->is_string() && !f.value->get_ref<const std::string &>().empty();
}

std::optional<int64_t> plausibleTime(const json &v)
{
    std::optional<int64_t> t;
    try {
        t = TimestampParser::parse(v);
    } catch (const std::exception &) {
        return std::nullopt; // a numeric string too long for int64
    }
    if (t && *t >= MinPlausibleNs && *t <= MaxPlausibleNs)
        return t;
    return std::nullopt;
}

bool looksIsoDate(const std::string &s)
{
    return s.size() >= 10 && s.size() <= 40 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-'
        && s[7] == '-';
}

bool isHexString(const std::string &s)
{
    return !s.empty()
        && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string normalizeId(std::string s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.erase(0, 1);
    if (isHexString(s))
        s = lower(s);
    return s;
}

bool oneOfLower(const std::string &v, std::initializer_list<const char *> list)
{
    for (const char *item : list)
        if (v == item)
            return true;
    return false;
}

// -- email provider events ----------------------------------------------------------------

struct EmailEvent
{
    std::string event;
    std::string recipient;
    std::string reason;
    std::string messageId;
    std::string status;
    bool failed = false;
};

const char *const EmailEventNames[] = {"processed", "dropped", "delivered", "deferred", "bounce", "bounced", "open",
    "opened", "click", "clicked", "spamreport", "spam_report", "unsubscribe", "unsubscribed", "group_unsubscribe",
    "group_resubscribe", "accepted", "rejected", "reject", "failed", "complained", "complaint", "stored", "delivery",
    "spamcomplaint", "subscriptionchange", "blocked", "sent", "send", "delivery_delayed", "deliverydelayed",
    "renderingfailure", "permanent_fail", "temporary_fail"};

std::string emailEventName(const FieldIndex &idx)
{
    const Field *f = idx.find({"event", "eventtype", "recordtype", "notificationtype", "type"}, isNonEmptyString, 1);
    if (!f)
        return {};
    std::string name = lower(f->value->get_ref<const std::string &>());
    if (name.rfind("email.", 0) == 0)
        name = name.substr(6);
    for (const char *known : EmailEventNames)
        if (name == known)
            return name;
    return {};
}

std::string firstEmail(const json &v)
{
    if (v.is_string()) {
        const std::string &s = v.get_ref<const std::string &>();
        if (KeyExtractor::familyForValue(s) == "email")
            return s;
        // "Ann <ann@example.com>"
        const auto lt = s.find('<'), gt = s.rfind('>');
        if (lt != std::string::npos && gt != std::string::npos && gt > lt + 1) {
            const std::string inner = s.substr(lt + 1, gt - lt - 1);
            if (KeyExtractor::familyForValue(inner) == "email")
                return inner;
        }
        return {};
    }
    if (v.is_array()) {
        for (const json &e : v) {
            std::string s = firstEmail(e);
            if (!s.empty())
                return s;
            if (e.is_object() && e.contains("emailAddress"))
                if (std::string a = firstEmail(e["emailAddress"]); !a.empty())
                    return a;
        }
    }
    return {};
}

std::optional<EmailEvent> emailEvent(const FieldIndex &idx)
{
    EmailEvent e;
    e.event = emailEventName(idx);
    const bool providerSignature = idx.find({"sgeventid", "sgmessageid", "smtpid"}, {}, 0)
        || (idx.find({"recordtype"}, {}, 0) && idx.find({"messageid"}, {}, 0));
    for (const char *name : {"email", "recipient", "emailaddress", "to", "destination", "rcpt", "address"}) {
        const Field *f = idx.find({name}, [](const Field &c) { return !firstEmail(*c.value).empty(); });
        if (f) {
            e.recipient = firstEmail(*f->value);
            break;
        }
    }
    if (e.event.empty() || (e.recipient.empty() && !providerSignature))
        return std::nullopt;

    if (const Field *f = idx.find({"smtpid", "messageid", "sgmessageid", "emailid"}, isNonEmptyString)) {
        e.messageId = f->value->get<std::string>();
        if (e.messageId.size() > 2 && e.messageId.front() == '<' && e.messageId.back() == '>')
            e.messageId = e.messageId.substr(1, e.messageId.size() - 2);
    }
    if (const Field *f = idx.find({"reason", "deliverystatusdescription", "deliverystatusmessage", "description",
                                      "diagnosticcode", "bouncereason", "details", "response"},
            isNonEmptyString))
        e.reason = f->value->get<std::string>();
    const Field *typeField = idx.find({"bouncetype", "severity", "type"}, isNonEmptyString);
    const std::string type = typeField ? lower(typeField->value->get_ref<const std::string &>()) : std::string();
    if (const Field *f = idx.find({"status", "deliverystatuscode", "bouncetype", "type", "severity"},
            [](const Field &c) { return !asText(*c.value).empty(); }))
        e.status = asText(*f->value);

    const bool temporary = type.find("soft") != std::string::npos || type.find("transient") != std::string::npos
        || type.find("temporar") != std::string::npos || type == "undetermined";
    const std::string &ev = e.event;
    if (oneOfLower(ev,
            {"dropped", "spamreport", "spam_report", "spamcomplaint", "complaint", "complained", "rejected", "reject",
                "blocked", "permanent_fail"}))
        e.failed = true;
    else if (oneOfLower(ev, {"bounce", "bounced"}))
        e.failed = !temporary || type == "hardbounce";
    else if (ev == "failed")
        e.failed = !temporary; // Mailgun: severity permanent (a missing severity is not a retry either)
    if (type == "hardbounce")
        e.failed = true;
    return e;
}

// -- levels, HTTP ---------------------------------------------------------------------------

bool errorLevel(const Field &f)
{
    const json &v = *f.value;
    if (v.is_string()) {
        const std::string s = lower(v.get_ref<const std::string &>());
        return oneOfLower(s,
            {"error", "err", "fatal", "critical", "crit", "alert", "emerg", "emergency", "panic", "severe", "failure"});
    }
    if (v.is_number()) {
        const double d = v.get<double>();
        if (f.last == "severitynumber")
            return d >= 17; // OpenTelemetry: 17–24 are ERROR and FATAL
        return d >= 50 && d <= 100; // bunyan and pino: 50 error, 60 fatal
    }
    return false;
}

const char *const HttpMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"};

bool httpMethod(const Field &f)
{
    if (!f.value->is_string())
        return false;
    std::string s = f.value->get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    for (const char *m : HttpMethods)
        if (s == m)
            return true;
    return false;
}

int httpStatusOf(const json &v)
{
    long long n = 0;
    if (v.is_number_integer() || v.is_number_unsigned())
        n = v.get<long long>();
    else if (v.is_string()) {
        const std::string &s = v.get_ref<const std::string &>();
        if (s.size() != 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return 0;
        n = std::stoll(s);
    }
    return n >= 100 && n <= 599 ? int(n) : 0;
}

std::optional<int64_t> durationNs(const FieldIndex &idx)
{
    struct Unit
    {
        const char *name;
        double scale;
    };
    static const Unit units[] = {{"durationms", 1e6}, {"elapsedms", 1e6}, {"latencyms", 1e6}, {"responsetime", 1e6},
        {"responsetimems", 1e6}, {"tookms", 1e6}, {"durationns", 1}, {"durationus", 1e3}, {"durationmicros", 1e3},
        {"durations", 1e9}, {"durationsec", 1e9}, {"durationseconds", 1e9}, {"elapsedseconds", 1e9}};
    for (const Unit &u : units) {
        const Field *f = idx.find(
            {u.name}, [](const Field &c) { return c.value->is_number(); }, 1);
        if (f) {
            const double d = f->value->get<double>();
            if (std::isfinite(d) && d >= 0 && d * u.scale < 9e18)
                return int64_t(d * u.scale);
        }
    }
    return std::nullopt;
}

std::string truncateUtf8(std::string s, size_t max)
{
    if (s.size() <= max)
        return s;
    s.resize(TextCut::utf8Length(s, max));
    s += "…";
    return s;
}

} // namespace

bool RecordMapper::isValidUtf8(std::string_view s)
{
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + size_t(len) > n)
            return false;
        for (int k = 1; k < len; ++k) {
            const unsigned char cc = static_cast<unsigned char>(s[i + size_t(k)]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
            || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += size_t(len);
    }
    return true;
}

std::string RecordMapper::latin1Fallback(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += char(c);
            ++i;
            continue;
        }
        // Keep a valid multi-byte sequence whole; read any other byte as one Latin-1 character.
        const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
        if (len > 1 && i + len <= s.size() && isValidUtf8(s.substr(i, len))) {
            out.append(s.substr(i, len));
            i += len;
            continue;
        }
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
        ++i;
    }
    return out;
}

std::string RecordMapper::cleanText(std::string_view in)
{
    std::string out;
    out.reserve(std::min(in.size(), MaxTextBytes + 8));
    for (size_t i = 0; i < in.size() && out.size() < MaxTextBytes; ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == 0x1B) {
            // CSI: ESC [ params final(0x40–0x7E); OSC: ESC ] … BEL or ESC \; others: ESC + one byte.
            if (i + 1 < in.size() && in[i + 1] == '[') {
                i += 2;
                while (i < in.size() && !(in[i] >= 0x40 && in[i] <= 0x7E))
                    ++i;
            } else if (i + 1 < in.size() && in[i + 1] == ']') {
                i += 2;
                while (i < in.size() && in[i] != '\a' && !(in[i] == 0x1B && i + 1 < in.size() && in[i + 1] == '\\'))
                    ++i;
                if (i < in.size() && in[i] == 0x1B)
                    ++i;
            } else {
                ++i;
            }
            continue;
        }
        if (c == '\b') {
            // Overstrike ("D\bD" is a bold D): the character before the backspace goes.
            if (!out.empty()) {
                out.pop_back();
                while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
                    out.pop_back();
                if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
                    out.pop_back();
            }
            continue;
        }
        if (c == '\r')
            continue;
        if (c < 0x20 && c != '\n' && c != '\t')
            continue;
        if (c == 0x7F)
            continue;
        out += char(c);
    }
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back())))
        out.pop_back();
    size_t start = 0;
    while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start])))
        ++start;
    out.erase(0, start);
    if (!isValidUtf8(out)) {
        // Replace broken sequences with U+FFFD rather than guess an encoding for prose.
        std::string fixed;
        size_t i = 0;
        while (i < out.size()) {
            const unsigned char c = static_cast<unsigned char>(out[i]);
            const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            if (len > 0 && i + len <= out.size() && isValidUtf8(std::string_view(out).substr(i, len))) {
                fixed.append(out, i, len);
                i += len;
            } else {
                fixed += "\xEF\xBF\xBD";
                ++i;
            }
        }
        out.swap(fixed);
    }
    return truncateUtf8(std::move(out), MaxTextBytes);
}

bool RecordMapper::isEmailEvent(const json &record)
{
    if (!record.is_object())
        return false;
    const json &r = record.contains("event-data") && record["event-data"].is_object() ? record["event-data"] : record;
    return emailEvent(FieldIndex(r)).has_value();
}

Item RecordMapper::map(const json &record, const std::string &ref)
{
    Item item;
    item.ref = ref;
    item.kind = ItemKind::Log;
    if (!record.is_object()) {
        item.text = cleanText(record.is_string() ? record.get<std::string>() : record.dump());
        KeyExtractor::extract(record, std::string(), item.keys);
        KeyExtractor::dedupe(item.keys);
        return item;
    }
    // Mailgun wraps the event: {"signature": {…}, "event-data": {…}}.
    const json &r = record.contains("event-data") && record["event-data"].is_object() ? record["event-data"] : record;
    const FieldIndex idx(r);
    json detail = json::object();

    // Time: by name first, then any top-level value shaped like an ISO date.
    const auto timeOk = [](const Field &f) { return plausibleTime(*f.value).has_value(); };
    const Field *timeField
        = idx.find({"timestamp", "ts", "time", "datetime", "date", "createdat", "created", "eventtime",
                       "eventtimestamp", "timeunixnano", "logtime", "loggedat", "occurredat", "receivedat",
                       "deliveredat", "bouncedat", "submittedat", "sentat", "processedat", "starttime", "startedat",
                       "timestampms", "timems", "epoch", "when", "t", "updatedat"},
            timeOk);
    if (!timeField) {
        for (const Field &f : idx.fields()) {
            if (f.depth == 0 && f.value->is_string() && looksIsoDate(f.value->get_ref<const std::string &>())
                && timeOk(f)) {
                timeField = &f;
                break;
            }
        }
    }
    if (timeField) {
        item.startNs = *plausibleTime(*timeField->value);
        item.endNs = item.startNs;
        if (const Field *end = idx.find({"endtime", "endedat", "finishedat", "completedat"}, timeOk, 1)) {
            const int64_t e = *plausibleTime(*end->value);
            if (e >= item.startNs)
                item.endNs = e;
        } else if (const auto d = durationNs(idx)) {
            item.endNs = item.startNs + *d;
        }
    }

    // Text
    const Field *msgField = idx.find({"msg", "message", "text", "body", "log", "utterance", "content", "transcript",
                                         "logmessage", "description", "summary", "errormessage"},
        isNonEmptyString);
    const Field *eventField = idx.find(
        {"event", "eventname", "eventtype", "action", "operation", "op"},
        [](const Field &f) { return isNonEmptyString(f) && f.value->get_ref<const std::string &>().size() <= 200; }, 1);
    if (msgField)
        item.text = cleanText(msgField->value->get_ref<const std::string &>());
    if (eventField && eventField != msgField) {
        item.name = cleanText(eventField->value->get_ref<const std::string &>());
        if (item.text.empty())
            item.text = item.name;
    }

    // Level
    const Field *levelField = idx.find(
        {"level", "lvl", "severity", "severitytext", "loglevel", "levelname", "severitynumber", "logseverity"},
        [](const Field &f) { return f.value->is_string() || f.value->is_number(); });
    if (levelField) {
        detail["level"] = *levelField->value;
        if (errorLevel(*levelField))
            item.status = 2;
    }
    if (const Field *outcome = idx.find({"status", "outcome", "result", "state"}, isNonEmptyString, 0)) {
        const std::string s = lower(outcome->value->get_ref<const std::string &>());
        if (oneOfLower(s, {"error", "failed", "failure", "fatal", "rejected"}))
            item.status = 2;
    }

    // Who: the emitting service, and the conversational role of a transcript or chat line.
    const Field *actorField = idx.find({"service", "servicename", "app", "application", "appname", "logger",
                                           "loggername", "component", "source", "svc", "module", "program"},
        [](const Field &f) { return isNonEmptyString(f) && f.value->get_ref<const std::string &>().size() <= 200; });
    if (!actorField && (levelField || msgField)) {
        actorField = idx.find(
            {"name"},
            [](const Field &f) {
                return isNonEmptyString(f) && f.value->get_ref<const std::string &>().size() <= 80
                    && f.value->get_ref<const std::string &>().find(' ') == std::string::npos;
            },
            0);
    }
    if (actorField)
        item.actor = cleanText(actorField->value->get_ref<const std::string &>());
    if (const Field *role
        = idx.find({"role", "speaker", "speakerrole", "author", "sender", "participant", "from"}, [](const Field &f) {
              if (!isNonEmptyString(f))
                  return false;
              const std::string &s = f.value->get_ref<const std::string &>();
              return s.size() <= 40 && std::none_of(s.begin(), s.end(), [](char c) {
                  return c == '@' || std::isdigit(static_cast<unsigned char>(c));
              });
          }))
        detail["role"] = role->value->get<std::string>();

    // A record that names the model it ran (a TTS or ASR response's metadata, a gateway's log
    // line) carries the model-version evidence; with an audio content type it is a speech
    // synthesis (Deepgram's TTS response headers: model_name, content_type audio/wav).
    const auto shortText
        = [](const Field &f) { return isNonEmptyString(f) && f.value->get_ref<const std::string &>().size() <= 200; };
    if (const Field *model = idx.find({"modelname", "model", "modelid", "modelversion"}, shortText, 1)) {
        item.modelServed = cleanText(model->value->get_ref<const std::string &>());
        const Field *type = idx.find({"contenttype", "mimetype", "mediatype"}, shortText, 1);
        if (type && item.kind == ItemKind::Log
            && lower(type->value->get_ref<const std::string &>()).rfind("audio/", 0) == 0)
            item.kind = ItemKind::Speech;
    }

    // A log record that names a span: W3C ids (pino, OTel log bridges) or a traceparent header.
    const Field *traceField = idx.find({"traceid", "oteltraceid", "ddtraceid", "xtraceid", "xb3traceid"},
        [](const Field &f) { return !asText(*f.value).empty(); });
    if (!traceField)
        traceField = idx.findSuffix("traceid", [](const Field &f) { return isNonEmptyString(f); });
    const auto spanOk = [](const Field &f) { return !asText(*f.value).empty(); };
    const Field *spanField = idx.find({"spanid", "otelspanid", "ddspanid", "xb3spanid"}, spanOk);
    if (traceField) {
        item.traceId = normalizeId(asText(*traceField->value));
        if (spanField)
            item.parentSpanId = normalizeId(asText(*spanField->value));
    } else if (const Field *tp = idx.find({"traceparent"}, isNonEmptyString)) {
        const std::string &s = tp->value->get_ref<const std::string &>();
        if (s.size() >= 55 && s[2] == '-' && s[35] == '-' && s[52] == '-') {
            item.traceId = lower(s.substr(3, 32));
            item.parentSpanId = lower(s.substr(36, 16));
        }
    }

    // HTTP: a method and a status or URL.
    if (const Field *method
        = idx.find({"method", "httpmethod", "requestmethod", "httprequestmethod", "verb"}, httpMethod)) {
        const Field *status = idx.find({"statuscode", "status", "httpstatus", "httpstatuscode",
                                           "httpresponsestatuscode", "responsestatus", "responsestatuscode", "code"},
            [](const Field &f) { return httpStatusOf(*f.value) != 0; });
        const Field *url = idx.find({"url", "path", "uri", "route", "target", "httptarget", "urlfull", "urlpath",
                                        "httpurl", "requesturl", "requesturi", "endpoint", "originalurl"},
            isNonEmptyString);
        if (status || url) {
            item.kind = ItemKind::Http;
            json http = json::object();
            std::string m = method->value->get<std::string>();
            std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return char(std::toupper(c)); });
            http["method"] = m;
            std::string name = m;
            if (url) {
                http["url"] = cleanText(url->value->get_ref<const std::string &>());
                name += " " + http["url"].get<std::string>();
            }
            if (status) {
                const int code = httpStatusOf(*status->value);
                http["status_code"] = code;
                if (code >= 500) {
                    item.status = 2;
                    item.statusMessage = "HTTP " + std::to_string(code);
                }
            }
            detail["http"] = std::move(http);
            if (item.name.empty())
                item.name = truncateUtf8(name, 300);
            if (item.text.empty())
                item.text = item.name + (status ? " → " + std::to_string(httpStatusOf(*status->value)) : std::string());
        }
    }

    // Email provider events.
    if (const auto email = emailEvent(idx)) {
        item.kind = ItemKind::Email;
        item.name = "email " + email->event;
        json e = json::object();
        e["event"] = email->event;
        e["recipient"] = email->recipient;
        e["reason"] = cleanText(email->reason);
        e["message_id"] = cleanText(email->messageId);
        e["status"] = cleanText(email->status);
        detail["email"] = std::move(e);
        std::string text = email->event;
        if (!email->recipient.empty())
            text += " to " + email->recipient;
        if (!email->reason.empty())
            text += ": " + email->reason;
        item.text = cleanText(text);
        if (email->failed) {
            item.status = 2;
            item.statusMessage = cleanText(email->reason.empty() ? email->event : email->reason);
        }
        if (!email->recipient.empty())
            item.keys.push_back({"email", KeyExtractor::normalize("email", email->recipient), "recipient"});
        if (!email->messageId.empty())
            item.keys.push_back({"message", KeyExtractor::normalize("message", email->messageId), "message id"});
    }

    if (item.status == 2 && item.statusMessage.empty())
        item.statusMessage = truncateUtf8(item.text, 500);
    if (!detail.empty())
        item.detailJson = detail.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string attrs = record.dump(-1, ' ', false, json::error_handler_t::replace);
    if (attrs.size() <= MaxAttrsBytes)
        item.attrsJson = std::move(attrs);
    KeyExtractor::extract(record, std::string(), item.keys);
    KeyExtractor::dedupe(item.keys);
    return item;
}

bool RecordMapper::namesSpecificFormat(std::string_view head)
{
    // A quoted key followed by a colon, so the words inside a log message do not count.
    const auto hasKey = [&](std::string_view key) {
        size_t pos = 0;
        while ((pos = head.find(key, pos)) != std::string_view::npos) {
            const size_t before = pos;
            pos += key.size();
            if (before > 0 && head[before - 1] == '\\')
                continue;
            size_t p = pos;
            while (p < head.size() && (head[p] == ' ' || head[p] == '\t' || head[p] == '\n' || head[p] == '\r'))
                ++p;
            if (p < head.size() && head[p] == ':')
                return true;
        }
        return false;
    };
    static const char *const signatures[] = {"\"resourceSpans\"", "\"resourceLogs\"", "\"resourceMetrics\"",
        "\"scopeSpans\"", "\"spanContext\"", "\"_spanContext\"", "\"parentSpanContext\"", "\"observations\"",
        "\"parentObservationId\"", "\"dotted_order\"", "\"run_type\"", "\"span_data\"", "\"traceID\"",
        "\"localEndpoint\"", "\"remoteEndpoint\"", "\"segments\"", "\"transcription\"", "\"alternatives\""};
    for (const char *sig : signatures)
        if (hasKey(sig))
            return true;
    // Agents SDK objects, and OTel Python SDK span dumps ({"name","context":{"trace_id"…}, "parent"}).
    if (head.find("\"object\": \"trace") != std::string_view::npos
        || head.find("\"object\":\"trace") != std::string_view::npos)
        return true;
    if (hasKey("\"context\"") && hasKey("\"span_id\"") && hasKey("\"parent\""))
        return true;
    // LangSmith ingest batches.
    if (hasKey("\"post\"") && (hasKey("\"patch\"") || hasKey("\"trace_id\"")))
        return true;
    // Zipkin v2: traceId + id + a microsecond duration or endpoints.
    if (hasKey("\"traceId\"") && hasKey("\"id\"") && (hasKey("\"duration\"") || hasKey("\"kind\"")))
        return true;
    return false;
}
