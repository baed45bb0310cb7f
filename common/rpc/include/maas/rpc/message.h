#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace maas::rpc {

/// A payload that is not a valid message; the text names the field and the problem.
class MessageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class MessageKind { Request, Reply, Error };

/// One frame's payload on the rack <-> region RPC link. Wire form (JSON object):
///   {"kind":"request","id":N,"command":"Name","args":{...}}
///   {"kind":"reply","id":N,"result":{...}}
///   {"kind":"error","id":N,"code":"...","message":"..."}
/// A request id is chosen by the sender and echoed by the reply or error; id 0 is reserved for
/// errors that answer no particular request (garbage in, connection closing).
struct RpcMessage {
    MessageKind kind = MessageKind::Request;
    uint64_t id = 0;
    std::string command;           ///< Request
    Poco::JSON::Object::Ptr body;  ///< Request args or Reply result; never null after decode
    std::string code;              ///< Error
    std::string text;              ///< Error message

    static RpcMessage request(uint64_t id, std::string command, Poco::JSON::Object::Ptr args);
    static RpcMessage reply(uint64_t id, Poco::JSON::Object::Ptr result);
    static RpcMessage error(uint64_t id, std::string code, std::string text);
};

/// Nesting deeper than this is refused (bounded recursion in the parser).
inline constexpr size_t kMaxJsonDepth = 16;
/// Command names and error codes are short identifiers.
inline constexpr size_t kMaxNameBytes = 64;

std::string encodeMessage(const RpcMessage& message);
/// Throws MessageError on anything that is not exactly one well-formed message.
RpcMessage decodeMessage(std::string_view payload);

/// Parses a JSON object with the depth limit; throws MessageError("<what>: <problem>").
Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const std::string& what);

}  // namespace maas::rpc
