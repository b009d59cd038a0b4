// SPDX-License-Identifier: Apache-2.0
#include <ktpel/message.hpp>

namespace ktpel {
namespace {

using nlohmann::json;

json parse_header(std::span<const std::uint8_t> bytes, std::size_t max_bytes)
{
    if (bytes.size() > max_bytes) {
        throw ProtocolError(ErrorCode::too_large, "header frame exceeds the limit",
                            {{"limit", max_bytes}, {"size", bytes.size()}});
    }
    json header;
    try {
        // nlohmann's parser is iterative and rejects ill-formed UTF-8, so
        // hostile nesting or bytes cannot crash us here.
        header = json::parse(bytes.begin(), bytes.end());
    } catch (const json::exception& e) {
        throw ProtocolError(ErrorCode::bad_request, "frame 0 is not valid JSON",
                            {{"parser", e.what()}});
    }
    if (!header.is_object()) {
        throw ProtocolError(ErrorCode::bad_request, "frame 0 must be a JSON object",
                            {{"got", header.type_name()}});
    }
    return header;
}

void check_version(const json& header, const json& details)
{
    const auto v = header.find("v");
    if (v == header.end())
        throw ProtocolError(ErrorCode::bad_request, "header has no \"v\" (protocol version)",
                            details);
    if (!v->is_number_integer() && !v->is_number_unsigned())
        throw ProtocolError(ErrorCode::bad_request, "\"v\" must be an integer", details);
    if (v->get<std::int64_t>() != kProtocolVersion) {
        auto more = details;
        more["supported"] = json::array({kProtocolVersion});
        more["requested"] = *v;
        throw ProtocolError(ErrorCode::unsupported_version,
                            "protocol version " + v->dump() + " is not supported", more);
    }
}

std::string required_string(const json& header, const char* key, const json& details)
{
    const auto it = header.find(key);
    if (it == header.end())
        throw ProtocolError(ErrorCode::bad_request, std::string("header has no \"") + key + "\"",
                            details);
    if (!it->is_string())
        throw ProtocolError(ErrorCode::bad_request, std::string("\"") + key + "\" must be a string",
                            details);
    return it->get<std::string>();
}

} // namespace

json Request::header() const
{
    json header = {{"v", kProtocolVersion}, {"id", id}, {"op", op}, {"args", args}};
    if (token)
        header["token"] = *token;
    return header;
}

Reply Reply::success(std::string id, json result, std::vector<Blob> blobs)
{
    Reply reply;
    reply.id = std::move(id);
    reply.ok = true;
    reply.result = std::move(result);
    reply.blobs = std::move(blobs);
    return reply;
}

Reply Reply::failure(std::string id, Error error)
{
    Reply reply;
    reply.id = std::move(id);
    reply.ok = false;
    reply.result = nullptr;
    reply.error = std::move(error);
    return reply;
}

json Reply::header() const
{
    json header = {{"v", kProtocolVersion}, {"id", id}, {"ok", ok}};
    if (ok)
        header["result"] = result;
    else
        header["error"] = error ? error->to_json() : Error{}.to_json();
    return header;
}

json Event::header() const
{
    return {
        {"v", kProtocolVersion}, {"topic", topic}, {"seq", seq}, {"time", time}, {"data", data}};
}

Request decode_request(std::span<const std::uint8_t> bytes, std::vector<Blob> blobs,
                       const DecodeLimits& limits)
{
    const json header = parse_header(bytes, limits.max_header_bytes);

    // Recover the id first so even a rejected request gets an addressable reply.
    json details = json::object();
    if (const auto id = header.find("id");
        id != header.end() && id->is_string() &&
        id->get_ref<const std::string&>().size() <= limits.max_id_bytes)
        details["id"] = *id;

    check_version(header, details);
    Request request;
    request.id = required_string(header, "id", details);
    if (request.id.empty() || request.id.size() > limits.max_id_bytes) {
        throw ProtocolError(ErrorCode::bad_request,
                            "\"id\" must be 1 to " + std::to_string(limits.max_id_bytes) + " bytes",
                            details);
    }
    request.op = required_string(header, "op", details);
    if (const auto args = header.find("args"); args != header.end() && !args->is_null()) {
        if (!args->is_object())
            throw ProtocolError(ErrorCode::bad_request, "\"args\" must be an object", details);
        request.args = *args;
    }
    if (const auto token = header.find("token"); token != header.end() && !token->is_null()) {
        if (!token->is_string())
            throw ProtocolError(ErrorCode::bad_request, "\"token\" must be a string", details);
        request.token = token->get<std::string>();
    }
    for (const auto& [key, value] : header.items()) {
        if (key != "v" && key != "id" && key != "op" && key != "args" && key != "token") {
            auto more = details;
            more["field"] = key;
            throw ProtocolError(ErrorCode::bad_request, "unknown header field \"" + key + "\"",
                                more);
        }
    }
    request.blobs = std::move(blobs);
    return request;
}

Reply decode_reply(std::span<const std::uint8_t> bytes, std::vector<Blob> blobs)
{
    const json header = parse_header(bytes, SIZE_MAX);
    check_version(header, json::object());
    Reply reply;
    reply.id = required_string(header, "id", json::object());
    const auto ok = header.find("ok");
    if (ok == header.end() || !ok->is_boolean())
        throw ProtocolError(ErrorCode::bad_request, "reply has no boolean \"ok\"");
    reply.ok = ok->get<bool>();
    if (reply.ok) {
        reply.result = header.value("result", json::object());
    } else {
        reply.result = nullptr;
        reply.error = Error::from_json(header.value("error", json::object()));
    }
    reply.blobs = std::move(blobs);
    return reply;
}

Event decode_event(std::span<const std::uint8_t> bytes, std::vector<Blob> blobs)
{
    const json header = parse_header(bytes, SIZE_MAX);
    check_version(header, json::object());
    Event event;
    event.topic = required_string(header, "topic", json::object());
    event.seq = header.value("seq", std::uint64_t{0});
    event.time = header.value("time", 0.0);
    event.data = header.value("data", json::object());
    event.blobs = std::move(blobs);
    return event;
}

std::string encode_header(const json& header)
{
    // Replace rather than throw on invalid UTF-8 that slipped into a
    // string (a device name, say): a reply must always be sendable.
    return header.dump(-1, ' ', false, json::error_handler_t::replace);
}

json blob_ref(std::size_t frame, json metadata)
{
    metadata["frame"] = frame;
    return metadata;
}

} // namespace ktpel
