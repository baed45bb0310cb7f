#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maas {

/// Streaming JSON into a string, with no tree: begin/end, key, value. With indent >= 0 the
/// layout is Python's json.dumps(..., indent=N), the same bytes jsonTextIndented writes for a
/// tree; with indent < 0 it is compact. The caller writes object keys in the order it wants
/// (the region's shapes write them sorted, as a Poco object holds them).
class JsonStream {
  public:
    explicit JsonStream(std::string& out, int indent = 4) : out_(out), indent_(indent) {}

    JsonStream& beginObject() { return open('{'); }
    JsonStream& endObject() { return close('}'); }
    JsonStream& beginArray() { return open('['); }
    JsonStream& endArray() { return close(']'); }
    JsonStream& key(std::string_view name);

    JsonStream& value(std::string_view text);
    JsonStream& value(const std::string& text) { return value(std::string_view(text)); }
    JsonStream& value(const char* text) { return value(std::string_view(text)); }
    JsonStream& value(int64_t number);
    JsonStream& value(int number) { return value(static_cast<int64_t>(number)); }
    JsonStream& value(bool flag);
    JsonStream& null();
    template <typename T>
    JsonStream& value(const std::optional<T>& maybe) {
        return maybe ? value(*maybe) : null();
    }
    /// Already-encoded JSON (a nested document kept as text), written as it is.
    JsonStream& raw(std::string_view json);

    /// An empty array or object member in one call: key then "[]" / "{}".
    JsonStream& emptyArray(std::string_view name) { return key(name).beginArray().endArray(); }

  private:
    JsonStream& open(char bracket);
    JsonStream& close(char bracket);
    void beforeValue();

    std::string& out_;
    int indent_;
    std::vector<bool> has_members_;  ///< one per open container: written anything yet?
    bool after_key_ = false;
};

}  // namespace maas
