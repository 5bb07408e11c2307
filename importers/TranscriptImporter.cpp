#include "TranscriptImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "KeyExtractor.h"
#include "RecordMapper.h"
#include "SniffText.h"
#include "TimestampParser.h"
#include "WorkspaceWriter.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <limits>

using nlohmann::json;
using SniffText::hasJsonKey;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t MinPlausibleNs = 631152000LL * 1000000000LL; // 1990
constexpr int64_t MaxPlausibleNs = 7258118400LL * 1000000000LL; // 2200
// Offsets beyond a week are damage, not a recording.
constexpr double MaxOffsetSeconds = 7 * 24 * 3600.0;

struct Segment
{
    double start = NaN;
    double end = NaN;
    std::optional<int64_t> absStart; // when the segment itself carries wall-clock times
    std::optional<int64_t> absEnd;
    std::string text;
    std::string speaker;
    double confidence = NaN;
    json words = json::array();
};

struct Transcript
{
    std::vector<Segment> segments;
    std::optional<int64_t> anchorNs;
    std::vector<ItemKey> keys;
    json attrs = json::object();
};

double number(const json &v, double fallback = NaN)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        if (const auto c = TranscriptImporter::parseClock(v.get_ref<const std::string &>()))
            return *c;
    }
    return fallback;
}

double member(const json &obj, std::initializer_list<const char *> names, double fallback = NaN)
{
    if (!obj.is_object())
        return fallback;
    for (const char *n : names) {
        auto it = obj.find(n);
        if (it != obj.end()) {
            const double d = number(*it);
            if (std::isfinite(d))
                return d;
        }
    }
    return fallback;
}

std::string text(const json &obj, std::initializer_list<const char *> names)
{
    if (!obj.is_object())
        return {};
    for (const char *n : names) {
        auto it = obj.find(n);
        if (it != obj.end()) {
            if (it->is_string())
                return it->get<std::string>();
            if (it->is_number_integer() || it->is_number_unsigned())
                return it->dump();
        }
    }
    return {};
}

std::optional<int64_t> absoluteTime(const json &v)
{
    if (!v.is_string() && !v.is_number())
        return std::nullopt;
    std::optional<int64_t> t;
    try {
        t = TimestampParser::parse(v);
    } catch (const std::exception &) {
        return std::nullopt;
    }
    if (t && *t >= MinPlausibleNs && *t <= MaxPlausibleNs)
        return t;
    return std::nullopt;
}

// Word lists come as {word|text|punctuated_word, start, end, probability|confidence}.
json normalizeWords(const json &words)
{
    json out = json::array();
    if (!words.is_array())
        return out;
    for (const json &w : words) {
        if (!w.is_object())
            continue;
        json nw = json::object();
        std::string t = text(w, {"punctuated_word", "word", "text"});
        nw["word"] = RecordMapper::cleanText(t);
        const double s = member(w, {"start"}), e = member(w, {"end"});
        if (std::isfinite(s))
            nw["start"] = s;
        if (std::isfinite(e))
            nw["end"] = e;
        const double c = member(w, {"confidence", "probability"});
        if (std::isfinite(c))
            nw["confidence"] = c;
        if (const std::string sp = text(w, {"speaker"}); !sp.empty())
            nw["speaker"] = sp;
        out.push_back(std::move(nw));
    }
    return out;
}

double meanConfidence(const json &words)
{
    double sum = 0;
    int n = 0;
    for (const json &w : words)
        if (w.contains("confidence")) {
            sum += w["confidence"].get<double>();
            ++n;
        }
    return n ? sum / n : NaN;
}

// The file's own metadata: ids (call, request, conversation) and a start time.
void readHeader(const json &obj, Transcript &t, const std::string &prefix)
{
    static const char *const content[] = {"segments", "words", "text", "transcription", "results", "channel", "tokens",
        "paragraphs", "utterances", "model_info", "models", "systeminfo", "params", "transcript"};
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool skip = false;
        for (const char *c : content)
            skip = skip || it.key() == c;
        if (skip)
            continue;
        const std::string field = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object() && (it.key() == "metadata" || it.key() == "meta" || it.key() == "call")) {
            readHeader(*it, t, field);
            continue;
        }
        KeyExtractor::extract(*it, field, t.keys);
    }
    if (!t.anchorNs) {
        for (const char *name :
            {"started_at", "start_time", "startTime", "startedAt", "recording_started_at", "recordingStartedAt",
                "call_started_at", "created", "created_at", "createdAt", "timestamp", "date", "start"}) {
            auto it = obj.find(name);
            if (it != obj.end())
                if (const auto abs = absoluteTime(*it)) {
                    // A bare "start": 17.0 is an offset; only a date string or epoch counts.
                    t.anchorNs = abs;
                    break;
                }
        }
    }
}

void segmentsFromWords(const json &words, const std::string &speakerDefault, std::vector<Segment> &out)
{
    // No paragraphs or utterances: group words into sentences at end punctuation, a long
    // pause, or a change of speaker.
    Segment cur;
    const auto flush = [&] {
        if (!cur.words.empty()) {
            cur.confidence = meanConfidence(cur.words);
            out.push_back(std::move(cur));
        }
        cur = Segment();
    };
    for (const json &w : words) {
        const std::string sp = w.value("speaker", speakerDefault);
        const double s = w.value("start", NaN), e = w.value("end", NaN);
        if (!cur.words.empty()
            && ((std::isfinite(s) && std::isfinite(cur.end) && s - cur.end > 1.5) || sp != cur.speaker))
            flush();
        if (cur.words.empty()) {
            cur.start = s;
            cur.speaker = sp;
        }
        cur.end = e;
        const std::string word = w.value("word", std::string());
        if (!cur.text.empty())
            cur.text += ' ';
        cur.text += word;
        cur.words.push_back(w);
        if (!word.empty() && (word.back() == '.' || word.back() == '?' || word.back() == '!'))
            flush();
    }
    flush();
}

json wordsBetween(const json &words, double start, double end)
{
    json out = json::array();
    for (const json &w : words) {
        const double s = w.value("start", NaN);
        if (std::isfinite(s) && s >= start - 1e-6 && s < end + 1e-6)
            out.push_back(w);
    }
    return out;
}

void readDeepgramAlternative(const json &alt, const std::string &channelLabel, std::vector<Segment> &out)
{
    const json words = normalizeWords(alt.value("words", json::array()));
    const json *paragraphs = nullptr;
    if (alt.contains("paragraphs") && alt["paragraphs"].is_object() && alt["paragraphs"].contains("paragraphs")
        && alt["paragraphs"]["paragraphs"].is_array())
        paragraphs = &alt["paragraphs"]["paragraphs"];
    if (paragraphs && !paragraphs->empty()) {
        for (const json &p : *paragraphs) {
            std::string speaker = text(p, {"speaker"});
            if (!speaker.empty())
                speaker = "speaker " + speaker;
            else
                speaker = channelLabel;
            const json sentences = p.value("sentences", json::array());
            for (const json &s : sentences) {
                Segment seg;
                seg.start = member(s, {"start"});
                seg.end = member(s, {"end"});
                seg.text = text(s, {"text"});
                seg.speaker = speaker;
                seg.words = wordsBetween(words, seg.start, seg.end);
                seg.confidence = meanConfidence(seg.words);
                out.push_back(std::move(seg));
            }
        }
        return;
    }
    if (!words.empty()) {
        segmentsFromWords(words, channelLabel, out);
        return;
    }
    const std::string transcript = text(alt, {"transcript"});
    if (!transcript.empty()) {
        Segment seg;
        seg.start = 0;
        seg.text = transcript;
        seg.speaker = channelLabel;
        seg.confidence = member(alt, {"confidence"});
        out.push_back(std::move(seg));
    }
}

void readJson(const json &doc, Transcript &t, ImportContext &ctx)
{
    if (!doc.is_object())
        throw ImportError("", std::string("expected a transcript object, found a ") + doc.type_name());
    readHeader(doc, t, std::string());
    if (auto it = doc.find("language"); it != doc.end() && it->is_string())
        t.attrs["language"] = *it;

    // whisper.cpp -oj
    if (auto it = doc.find("transcription"); it != doc.end() && it->is_array()) {
        t.attrs["source_format"] = "whisper.cpp";
        if (doc.contains("result") && doc["result"].is_object() && doc["result"].contains("language"))
            t.attrs["language"] = doc["result"]["language"];
        int64_t n = 0;
        for (const json &c : *it) {
            Segment seg;
            if (c.contains("offsets") && c["offsets"].is_object()) {
                seg.start = member(c["offsets"], {"from"}) / 1000.0;
                seg.end = member(c["offsets"], {"to"}) / 1000.0;
            } else if (c.contains("timestamps") && c["timestamps"].is_object()) {
                seg.start = member(c["timestamps"], {"from"});
                seg.end = member(c["timestamps"], {"to"});
            }
            seg.text = text(c, {"text"});
            seg.speaker = text(c, {"speaker"});
            if (!std::isfinite(seg.start))
                ctx.warn("segment " + std::to_string(n), "no usable offsets; placed at 0");
            t.segments.push_back(std::move(seg));
            ++n;
        }
        return;
    }
    // Deepgram prerecorded: results.channels[].alternatives[0], or results.utterances.
    if (auto it = doc.find("results"); it != doc.end() && it->is_object()) {
        t.attrs["source_format"] = "deepgram";
        const json &results = *it;
        if (results.contains("utterances") && results["utterances"].is_array() && !results["utterances"].empty()) {
            for (const json &u : results["utterances"]) {
                Segment seg;
                seg.start = member(u, {"start"});
                seg.end = member(u, {"end"});
                seg.text = text(u, {"transcript", "text"});
                const std::string sp = text(u, {"speaker"});
                seg.speaker = sp.empty() ? std::string() : "speaker " + sp;
                seg.confidence = member(u, {"confidence"});
                seg.words = normalizeWords(u.value("words", json::array()));
                t.segments.push_back(std::move(seg));
            }
            return;
        }
        const json channels = results.value("channels", json::array());
        for (size_t c = 0; c < channels.size(); ++c) {
            const json &alts = channels[c].is_object() ? channels[c].value("alternatives", json::array()) : json();
            if (!alts.is_array() || alts.empty() || !alts[0].is_object())
                continue;
            readDeepgramAlternative(
                alts[0], channels.size() > 1 ? "channel " + std::to_string(c) : std::string(), t.segments);
        }
        return;
    }
    // Deepgram streaming message: {"type":"Results","start","duration","channel":{"alternatives"}}.
    if (auto it = doc.find("channel"); it != doc.end() && it->is_object() && it->contains("alternatives")) {
        t.attrs["source_format"] = "deepgram-streaming";
        const json &alts = (*it)["alternatives"];
        if (alts.is_array() && !alts.empty() && alts[0].is_object()) {
            Segment seg;
            seg.start = member(doc, {"start"}, 0);
            seg.end = seg.start + member(doc, {"duration"}, 0);
            seg.text = text(alts[0], {"transcript"});
            seg.confidence = member(alts[0], {"confidence"});
            seg.words = normalizeWords(alts[0].value("words", json::array()));
            if (!seg.text.empty() || !seg.words.empty())
                t.segments.push_back(std::move(seg));
        }
        if (doc.contains("is_final"))
            t.attrs["is_final"] = doc["is_final"];
        return;
    }
    // openai-whisper, whisper-timestamped, WhisperX, anchored service outputs.
    const json *segments = nullptr;
    for (const char *name : {"segments", "utterances"}) {
        auto s = doc.find(name);
        if (s != doc.end() && s->is_array()) {
            segments = &*s;
            break;
        }
    }
    if (!segments)
        throw ImportError("", "not a transcript: no segments, transcription, results or channel member");
    t.attrs["source_format"] = "segments";
    int64_t n = 0;
    for (const json &s : *segments) {
        const std::string where = "segment " + std::to_string(n++);
        if (!s.is_object()) {
            ctx.warn(where, "skipped: not an object");
            continue;
        }
        Segment seg;
        for (const char *name : {"start", "start_time", "startTime", "from"}) {
            auto v = s.find(name);
            if (v == s.end())
                continue;
            if (v->is_string())
                seg.absStart = absoluteTime(*v);
            if (!seg.absStart)
                seg.start = number(*v);
            break;
        }
        for (const char *name : {"end", "end_time", "endTime", "to"}) {
            auto v = s.find(name);
            if (v == s.end())
                continue;
            if (v->is_string())
                seg.absEnd = absoluteTime(*v);
            if (!seg.absEnd)
                seg.end = number(*v);
            break;
        }
        if (std::isfinite(seg.start) && (seg.start < 0 || seg.start > MaxOffsetSeconds)) {
            ctx.warn(where, "skipped: start " + std::to_string(seg.start) + " s is not a plausible offset");
            continue;
        }
        seg.text = text(s, {"text", "transcript", "utterance"});
        seg.speaker = text(s, {"speaker", "speaker_label", "speakerLabel", "role", "channel"});
        seg.words = normalizeWords(s.value("words", json::array()));
        seg.confidence = member(s, {"confidence"});
        if (!std::isfinite(seg.confidence))
            seg.confidence = meanConfidence(seg.words);
        t.segments.push_back(std::move(seg));
    }
}

// WebVTT and SRT share everything but the header and the decimal mark.
void readSubtitles(std::string_view doc, Transcript &t, ImportContext &ctx)
{
    const bool vtt = doc.substr(0, 6) == "WEBVTT";
    t.attrs["source_format"] = vtt ? "webvtt" : "srt";
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos <= doc.size()) {
        size_t end = doc.find('\n', pos);
        if (end == std::string_view::npos)
            end = doc.size();
        std::string_view l = doc.substr(pos, end - pos);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        lines.push_back(l);
        pos = end + 1;
    }
    size_t i = vtt ? 1 : 0;
    while (i < lines.size()) {
        while (i < lines.size() && lines[i].find_first_not_of(" \t") == std::string_view::npos)
            ++i;
        if (i >= lines.size())
            break;
        const size_t blockStart = i;
        size_t blockEnd = i;
        while (blockEnd < lines.size() && lines[blockEnd].find_first_not_of(" \t") != std::string_view::npos)
            ++blockEnd;
        i = blockEnd;
        std::string_view first = lines[blockStart];
        if (vtt && (first.substr(0, 4) == "NOTE" || first.substr(0, 5) == "STYLE" || first.substr(0, 6) == "REGION"))
            continue;
        size_t timing = blockStart;
        while (timing < blockEnd && lines[timing].find("-->") == std::string_view::npos)
            ++timing;
        const std::string where = "line " + std::to_string(blockStart + 1);
        if (timing == blockEnd || timing > blockStart + 1) {
            ctx.warn(where, "skipped: a block without a cue timing line");
            continue;
        }
        const std::string_view tl = lines[timing];
        const size_t arrow = tl.find("-->");
        std::string_view a = tl.substr(0, arrow), b = tl.substr(arrow + 3);
        while (!a.empty() && a.back() == ' ')
            a.remove_suffix(1);
        while (!b.empty() && b.front() == ' ')
            b.remove_prefix(1);
        b = b.substr(0, b.find_first_of(" \t")); // VTT cue settings follow the end time
        const auto s = TranscriptImporter::parseClock(a), e = TranscriptImporter::parseClock(b);
        if (!s || !e) {
            ctx.warn(
                "line " + std::to_string(timing + 1), "skipped: cue timing \"" + std::string(tl) + "\" is malformed");
            continue;
        }
        Segment seg;
        seg.start = *s;
        seg.end = *e;
        std::string body;
        for (size_t k = timing + 1; k < blockEnd; ++k) {
            if (!body.empty())
                body += '\n';
            body.append(lines[k]);
        }
        // <v Speaker>, <v.loud Speaker>: the voice; every other tag (<i>, <c.x>, <00:01.000>) goes.
        if (const auto v = body.find("<v");
            v != std::string::npos && v + 2 < body.size() && (body[v + 2] == ' ' || body[v + 2] == '.')) {
            const auto close = body.find('>', v);
            if (close != std::string::npos) {
                const std::string tag = body.substr(v + 2, close - v - 2);
                const auto space = tag.find(' ');
                if (space != std::string::npos)
                    seg.speaker = tag.substr(space + 1);
            }
        }
        std::string plain;
        bool inTag = false;
        for (char c : body) {
            if (c == '<')
                inTag = true;
            else if (c == '>' && inTag)
                inTag = false;
            else if (!inTag)
                plain += c;
        }
        for (const auto &[entity, ch] : {std::pair<const char *, const char *> {"&amp;", "&"}, {"&lt;", "<"},
                 {"&gt;", ">"}, {"&nbsp;", " "}, {"&quot;", "\""}}) {
            size_t p = 0;
            const std::string_view ent(entity);
            while ((p = plain.find(ent, p)) != std::string::npos) {
                plain.replace(p, ent.size(), ch);
                ++p;
            }
        }
        seg.text = plain;
        t.segments.push_back(std::move(seg));
    }
}

bool isSrt(std::string_view head)
{
    // "1\n00:00:00,380 --> 00:00:01,300"
    size_t p = 0;
    if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xEF)
        p = 3;
    while (p < head.size() && (head[p] == '\n' || head[p] == '\r' || head[p] == ' '))
        ++p;
    const size_t digitsStart = p;
    while (p < head.size() && std::isdigit(static_cast<unsigned char>(head[p])))
        ++p;
    if (p == digitsStart)
        return false;
    while (p < head.size() && (head[p] == '\r' || head[p] == ' '))
        ++p;
    if (p >= head.size() || head[p] != '\n')
        return false;
    const std::string_view next = head.substr(p + 1, head.find('\n', p + 1) - p - 1);
    return next.find("-->") != std::string_view::npos && next.find(':') != std::string_view::npos;
}

} // namespace

std::optional<double> TranscriptImporter::parseClock(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    if (s.empty() || s.size() > 20)
        return std::nullopt;
    double total = 0;
    int groups = 0;
    size_t i = 0;
    while (i < s.size()) {
        const size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
        if (i == start)
            return std::nullopt;
        double v = std::stod(std::string(s.substr(start, i - start)));
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            const size_t fs = ++i;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
                ++i;
            if (i == fs || i != s.size())
                return std::nullopt;
            v += std::stod("0." + std::string(s.substr(fs, i - fs)));
        }
        if (groups > 0 && v >= 60)
            return std::nullopt;
        total = total * 60 + v;
        ++groups;
        if (i < s.size()) {
            if (s[i] != ':' || groups >= 3)
                return std::nullopt;
            ++i;
            if (i == s.size())
                return std::nullopt;
        }
    }
    return total;
}

int TranscriptImporter::sniff(const SniffInput &in) const
{
    const std::string_view head = in.head;
    std::string_view body = head;
    if (body.size() >= 3 && static_cast<unsigned char>(body[0]) == 0xEF && static_cast<unsigned char>(body[1]) == 0xBB)
        body.remove_prefix(3);
    if (body.substr(0, 6) == "WEBVTT")
        return 100;
    if (isSrt(body))
        return 95;
    if (JsonParsing::firstSignificant(head) != '{')
        return 0;
    if (hasJsonKey(head, "\"transcription\"")
        && (hasJsonKey(head, "\"offsets\"") || hasJsonKey(head, "\"timestamps\"")))
        return 90;
    if (hasJsonKey(head, "\"alternatives\"") && (hasJsonKey(head, "\"channels\"") || hasJsonKey(head, "\"channel\"")))
        return 90;
    if (hasJsonKey(head, "\"segments\"")) {
        // Whisper: segments beside text/language; anchored outputs: beside a call id or start.
        if (hasJsonKey(head, "\"language\"") || hasJsonKey(head, "\"text\"") || hasJsonKey(head, "\"start\""))
            return 85;
        return 60;
    }
    return 0;
}

void TranscriptImporter::run(ImportContext &ctx) const
{
    std::string doc = ctx.input().readAll();
    if (!RecordMapper::isValidUtf8(doc)) {
        doc = RecordMapper::latin1Fallback(doc);
        ctx.warn("", "the file is not valid UTF-8; bytes that are not were read as Latin-1");
    }
    Transcript t;
    std::string_view body = doc;
    if (body.size() >= 3 && static_cast<unsigned char>(body[0]) == 0xEF && static_cast<unsigned char>(body[1]) == 0xBB)
        body.remove_prefix(3);
    const char first = JsonParsing::firstSignificant(body);
    if (first == '{' || first == '[') {
        readJson(JsonParsing::parse(body), t, ctx);
    } else if (body.substr(0, 6) == "WEBVTT" || isSrt(body)) {
        readSubtitles(body, t, ctx);
    } else if (first == '\0') {
        ctx.warn("", "the file is empty");
    } else {
        throw ImportError("", "not a transcript: neither JSON, WebVTT nor SRT");
    }

    KeyExtractor::extractFromFileName(ctx.fileName(), t.keys);
    KeyExtractor::dedupe(t.keys);
    if (!t.anchorNs)
        ctx.writer().setRelativeTimes(0);
    if (t.segments.empty()) {
        ctx.warn("", "the transcript has no segments");
        return;
    }
    const std::string attrs = t.attrs.dump(-1, ' ', false, json::error_handler_t::replace);
    const int64_t base = t.anchorNs.value_or(0);
    for (size_t n = 0; n < t.segments.size(); ++n) {
        Segment &s = t.segments[n];
        Item item;
        item.ref = "segment:" + std::to_string(n);
        item.kind = ItemKind::Asr;
        item.text = RecordMapper::cleanText(s.text);
        item.actor = RecordMapper::cleanText(s.speaker);
        item.name = item.actor;
        const double start = std::isfinite(s.start) ? s.start : 0.0;
        const double end = std::isfinite(s.end) && s.end >= start ? s.end : start;
        // base + offset, kept at base when a hostile offset would leave int64.
        const auto offset = [](int64_t from, double seconds) {
            return TimestampParser::scaledNs(from, 1, TimestampParser::secondsToNs(seconds)).value_or(from);
        };
        item.startNs = s.absStart ? *s.absStart : offset(base, start);
        item.endNs = s.absEnd ? *s.absEnd : offset(s.absStart ? *s.absStart : base, end);
        if (item.endNs < item.startNs)
            item.endNs = item.startNs;
        json seg = json::object();
        seg["index"] = n;
        seg["start_s"] = s.absStart ? json(double(*s.absStart - base) / 1e9) : json(start);
        seg["end_s"] = s.absEnd ? json(double(*s.absEnd - base) / 1e9) : json(end);
        seg["speaker"] = item.actor;
        seg["confidence"] = std::isfinite(s.confidence) ? json(s.confidence) : json();
        seg["words"] = std::move(s.words);
        item.detailJson = json {{"segment", std::move(seg)}}.dump(-1, ' ', false, json::error_handler_t::replace);
        item.attrsJson = attrs;
        item.keys = t.keys;
        ctx.addItem(item);
    }
}
