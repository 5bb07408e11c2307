#include "OtlpSimdJson.h"

#include "FastJson.h"
#include "OtlpJson.h"

#include <nlohmann/json.hpp>

#include <array>

namespace OtlpSimdJson {

using nlohmann::json;
using simdjson::dom::element_type;

bool member(Element object, std::string_view key, Element &out)
{
    if (object.type() != element_type::OBJECT)
        return false;
    if (simdjson::dom::object(object).at_key(key).get(out))
        return false;
    return !out.is_null();
}

bool stringMember(Element object, std::string_view key, std::string_view &out)
{
    Element v;
    return member(object, key, v) && !v.get(out);
}

namespace {

constexpr std::array<std::string_view, 7> KnownMembers
    = {"stringValue", "intValue", "boolValue", "doubleValue", "bytesValue", "arrayValue", "kvlistValue"};

json decodeMember(std::string_view key, Element value)
{
    if (key == "intValue" && value.type() == element_type::STRING)
        return OtlpJson::intFromText(std::string_view(value));
    if (key == "arrayValue") {
        json arr = json::array();
        Element values;
        if (member(value, "values", values) && values.type() == element_type::ARRAY) {
            simdjson::dom::array list(values);
            arr.get_ref<json::array_t &>().reserve(list.size());
            for (Element e : list)
                arr.push_back(anyValue(e));
        }
        return arr;
    }
    if (key == "kvlistValue") {
        json obj = json::object();
        Element values;
        if (member(value, "values", values))
            takeKeyValues(values, obj);
        return obj;
    }
    return FastJson::toJson(value);
}

} // namespace

json anyValue(Element v)
{
    if (v.type() != element_type::OBJECT)
        return FastJson::toJson(v);
    simdjson::dom::object object(v);
    auto first = object.begin();
    if (first == object.end())
        return nullptr;
    // Exactly one member in a well-formed AnyValue; otherwise the first known one wins, and an
    // object with none is plain JSON some exporter wrote.
    for (std::string_view known : KnownMembers)
        if ((*first).key == known)
            return decodeMember(known, (*first).value);
    for (std::string_view known : KnownMembers) {
        Element found;
        if (!object.at_key(known).get(found))
            return decodeMember(known, found);
    }
    return FastJson::toJson(v);
}

bool stringAnyValue(Element v, std::string_view &out)
{
    if (v.type() == element_type::STRING)
        return !v.get(out);
    if (v.type() != element_type::OBJECT)
        return false;
    simdjson::dom::object object(v);
    auto first = object.begin();
    if (first == object.end() || (*first).key != "stringValue")
        return false;
    return !(*first).value.get(out);
}

bool keyValue(Element kv, std::string_view &key, Element &value, bool &hasValue)
{
    if (kv.type() != element_type::OBJECT)
        return false;
    // One pass over {"key", "value"} instead of an at_key scan for each; as with member(), the
    // first of a repeated name counts.
    Element keyElement;
    bool haveKey = false, haveValue = false;
    for (auto field : simdjson::dom::object(kv)) {
        if (!haveKey && field.key == "key") {
            haveKey = true;
            keyElement = field.value;
        } else if (!haveValue && field.key == "value") {
            haveValue = true;
            value = field.value;
        }
    }
    hasValue = haveValue && !value.is_null();
    return haveKey && !keyElement.get(key);
}

void takeKeyValues(Element list, json &out, const std::string &prefix)
{
    if (!out.is_object())
        out = json::object();
    if (list.type() == element_type::ARRAY) {
        json::object_t &object = out.get_ref<json::object_t &>();
        for (Element kv : simdjson::dom::array(list)) {
            std::string_view key;
            Element value;
            bool hasValue = false;
            if (!keyValue(kv, key, value, hasValue))
                continue;
            json decoded = hasValue ? anyValue(value) : json();
            std::string name;
            name.reserve(prefix.size() + key.size());
            name.append(prefix).append(key);
            object.insert_or_assign(std::move(name), std::move(decoded));
        }
    } else if (list.type() == element_type::OBJECT) {
        for (auto field : simdjson::dom::object(list))
            out[prefix + std::string(field.key)] = anyValue(field.value);
    }
}

json resourceAttributes(Element entry, std::string &serviceName)
{
    json attrs = json::object();
    if (Element res, list; member(entry, "resource", res) && member(res, "attributes", list))
        takeKeyValues(list, attrs, "resource.");
    serviceName.clear();
    if (auto svc = attrs.find("resource.service.name"); svc != attrs.end() && svc->is_string())
        serviceName = svc->get<std::string>();
    return attrs;
}

void addScopeNameVersion(Element scope, json &out)
{
    std::string_view text;
    if (stringMember(scope, "name", text) && !text.empty())
        out["otel.scope.name"] = std::string(text);
    if (stringMember(scope, "version", text) && !text.empty())
        out["otel.scope.version"] = std::string(text);
}

int64_t nanos(Element v)
{
    switch (v.type()) {
    case element_type::UINT64: {
        const uint64_t u = uint64_t(v);
        return u > uint64_t(INT64_MAX) ? 0 : int64_t(u);
    }
    case element_type::INT64: {
        // Every time is 1970 or later (so no difference of two overflows): before is unknown.
        const int64_t n = int64_t(v);
        return n < 0 ? 0 : n;
    }
    case element_type::DOUBLE: {
        const double d = double(v);
        return d > 0 && d < 9.2e18 ? int64_t(d) : 0;
    }
    case element_type::STRING:
        return OtlpJson::nanosFromText(std::string_view(v));
    default:
        return 0;
    }
}

int64_t nanosMember(Element object, std::string_view key)
{
    Element v;
    return member(object, key, v) ? nanos(v) : 0;
}

int64_t integer(Element v, int64_t fallback)
{
    switch (v.type()) {
    case element_type::INT64:
        return int64_t(v);
    case element_type::UINT64:
        return int64_t(uint64_t(v));
    case element_type::DOUBLE:
        return OtlpJson::integerFromDouble(double(v), fallback);
    case element_type::STRING:
        return OtlpJson::integerFromText(std::string_view(v), fallback);
    default:
        return fallback;
    }
}

int spanKind(Element v)
{
    if (v.type() == element_type::STRING)
        return OtlpJson::spanKindFromText(std::string_view(v));
    if (v.type() == element_type::INT64 || v.type() == element_type::UINT64 || v.type() == element_type::DOUBLE) {
        const int64_t k = integer(v, -1);
        return k >= 0 && k <= 5 ? int(k) : -1;
    }
    return -1;
}

int statusCode(Element v)
{
    if (v.type() == element_type::STRING)
        return OtlpJson::statusCodeFromText(std::string_view(v));
    if (v.type() == element_type::INT64 || v.type() == element_type::UINT64 || v.type() == element_type::DOUBLE) {
        const int64_t c = integer(v, 0);
        return c >= 0 && c <= 2 ? int(c) : 0;
    }
    return 0;
}

} // namespace OtlpSimdJson
