#include "AttributeSet.h"

#include "JsonText.h"
#include "OtlpSimdJson.h"

#include <algorithm>
#include <cassert>
#include <cstring>

using nlohmann::json;
using simdjson::dom::element_type;

namespace {

uint64_t loadBytes(const char *p, size_t n)
{
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
}

uint64_t rotl(uint64_t v, int r)
{
    return (v << r) | (v >> (64 - r));
}

} // namespace

// Attribute keys are long and share prefixes ("gen_ai.usage.…"): the length and three 8-byte
// windows (start, middle, end) tell them apart for a few instructions instead of a byte loop.
uint64_t AttributeSet::hashKey(std::string_view k)
{
    const size_t n = k.size();
    uint64_t h = n;
    if (n >= 8) {
        h ^= loadBytes(k.data(), 8);
        h ^= rotl(loadBytes(k.data() + n - 8, 8), 21);
        h ^= rotl(loadBytes(k.data() + n / 2 - 4, 8), 42);
    } else {
        h ^= loadBytes(k.data(), n) << 8;
    }
    return h * 0x9E3779B97F4A7C15ull;
}

namespace {

const json &nullValue()
{
    static const json null;
    return null;
}

} // namespace

void AttributeSet::clear()
{
    m_entries.clear();
    m_made.clear();
    m_slots.clear();
    m_lengths = 0;
}

void AttributeSet::assign(const json &object)
{
    clear();
    if (!object.is_object())
        return;
    m_entries.reserve(object.size());
    for (const auto &[key, value] : object.get_ref<const json::object_t &>())
        m_entries.push_back({key, {}, &value, false, 0});
    buildIndex();
}

void AttributeSet::addJson(std::string_view key, json value)
{
    m_made.push_back(std::move(value));
    m_entries.push_back({key, {}, &m_made.back(), false, uint32_t(m_entries.size())});
}

void AttributeSet::addText(std::string_view key, std::string_view text)
{
    m_entries.push_back({key, text, nullptr, true, uint32_t(m_entries.size())});
}

void AttributeSet::assignOtlp(simdjson::dom::element list)
{
    clear();
    if (list.type() == element_type::ARRAY) {
        reserve(simdjson::dom::array(list).size());
        for (simdjson::dom::element kv : simdjson::dom::array(list)) {
            std::string_view key, text;
            simdjson::dom::element value;
            bool hasValue = false;
            if (!OtlpSimdJson::keyValue(kv, key, value, hasValue))
                continue;
            if (!hasValue)
                addJson(key, json());
            else if (OtlpSimdJson::stringAnyValue(value, text))
                addText(key, text);
            else
                addJson(key, OtlpSimdJson::anyValue(value));
        }
    } else if (list.type() == element_type::OBJECT) {
        reserve(simdjson::dom::object(list).size());
        for (auto field : simdjson::dom::object(list)) {
            std::string_view text;
            if (OtlpSimdJson::stringAnyValue(field.value, text))
                addText(field.key, text);
            else
                addJson(field.key, OtlpSimdJson::anyValue(field.value));
        }
    }
    finishOtlp();
}

void AttributeSet::finishOtlp()
{
    // Sorted as an nlohmann object's keys are; of a repeated key the last one stays, as
    // insert_or_assign would leave it.
    // std::sort with the file position as the tie-break: stable_sort would allocate a buffer
    // for every span.
    std::sort(m_entries.begin(), m_entries.end(),
        [](const Entry &a, const Entry &b) { return a.key < b.key || (a.key == b.key && a.order < b.order); });
    size_t out = 0;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (i + 1 < m_entries.size() && m_entries[i + 1].key == m_entries[i].key)
            continue;
        m_entries[out++] = m_entries[i];
    }
    m_entries.resize(out);
    buildIndex();
}

size_t AttributeSet::slotOf(std::string_view key) const
{
    return size_t(hashKey(key) >> m_shift);
}

void AttributeSet::buildIndex()
{
    size_t capacity = 16;
    m_shift = 60;
    while (capacity < m_entries.size() * 2) {
        capacity <<= 1;
        --m_shift;
    }
    m_slots.assign(capacity, 0);
    m_mask = capacity - 1;
    m_lengths = 0;
    for (size_t e = 0; e < m_entries.size(); ++e) {
        if (isNull(e))
            continue;
        m_lengths |= uint64_t(1) << (m_entries[e].key.size() & 63);
        size_t i = slotOf(m_entries[e].key);
        while (m_slots[i])
            i = (i + 1) & m_mask;
        m_slots[i] = uint32_t(e + 1);
    }
}

void AttributeSet::reserve(size_t members)
{
    // Each entry makes at most one value (decoded at once, or its text on first use), so with
    // room for one per member the made values never move.
    m_entries.reserve(members);
    m_made.reserve(members);
}

const json &AttributeSet::value(size_t i) const
{
    const Entry &e = m_entries[i];
    if (!e.value) {
        assert(m_made.size() < m_made.capacity()); // reserve() made room for it
        m_made.emplace_back(std::string(e.text));
        e.value = &m_made.back();
    }
    return *e.value;
}

size_t AttributeSet::indexOf(std::string_view key) const
{
    // Most keys asked for are absent, and most absent ones have a length no key here has.
    if (!((m_lengths >> (key.size() & 63)) & 1))
        return npos;
    for (size_t i = slotOf(key); m_slots[i]; i = (i + 1) & m_mask) {
        const size_t e = m_slots[i] - 1;
        if (m_entries[e].key == key)
            return e;
    }
    return npos;
}

size_t AttributeSet::lowerBound(std::string_view prefix) const
{
    return size_t(std::lower_bound(m_entries.begin(), m_entries.end(), prefix, [](const Entry &e, std::string_view p) {
        return e.key < p;
    }) - m_entries.begin());
}

void AttributeSet::appendJson(std::string &out) const
{
    out += '{';
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (i)
            out += ',';
        const Entry &e = m_entries[i];
        JsonText::appendString(out, e.key);
        out += ':';
        if (e.isText)
            JsonText::appendString(out, e.text);
        else
            JsonText::append(out, e.value ? *e.value : nullValue());
    }
    out += '}';
}
