#include "maas/common/json_stream.h"

#include "maas/common/json.h"

namespace maas {

namespace {

void newline(std::string& out, int indent, size_t depth) {
    if (indent >= 0) {
        out.push_back('\n');
        out.append(static_cast<size_t>(indent) * depth, ' ');
    }
}

}  // namespace

// A value inside a container starts on its own line after a comma; after a key it follows
// the ": " on the key's line.
void JsonStream::beforeValue() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (has_members_.empty())
        return;
    if (has_members_.back())
        out_.push_back(',');
    has_members_.back() = true;
    newline(out_, indent_, has_members_.size());
}

JsonStream& JsonStream::open(char bracket) {
    beforeValue();
    out_.push_back(bracket);
    has_members_.push_back(false);
    return *this;
}

JsonStream& JsonStream::close(char bracket) {
    const bool had_members = has_members_.back();
    has_members_.pop_back();
    if (had_members)
        newline(out_, indent_, has_members_.size());
    out_.push_back(bracket);
    return *this;
}

JsonStream& JsonStream::key(std::string_view name) {
    beforeValue();
    appendJsonString(out_, name);
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
    return *this;
}

JsonStream& JsonStream::value(std::string_view text) {
    beforeValue();
    appendJsonString(out_, text);
    return *this;
}

JsonStream& JsonStream::value(int64_t number) {
    beforeValue();
    out_ += std::to_string(number);
    return *this;
}

JsonStream& JsonStream::value(bool flag) {
    beforeValue();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonStream& JsonStream::null() {
    beforeValue();
    out_ += "null";
    return *this;
}

JsonStream& JsonStream::raw(std::string_view json) {
    beforeValue();
    out_ += json;
    return *this;
}

}  // namespace maas
