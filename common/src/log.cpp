#include "maas/common/log.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace maas {

namespace {

std::string nowRfc3339() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto secs = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(millis));
    return buf;
}

void writeAll(int fd, const std::string& line) {
    size_t done = 0;
    while (done < line.size()) {
        ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n <= 0)
            return;  // logging must never take the process down
        done += static_cast<size_t>(n);
    }
}

class TextSink final : public LogSink {
  public:
    explicit TextSink(int fd) : fd_(fd) {}
    void write(const LogRecord& r) override {
        // Peer-controlled text (a rack's version, a username) must not forge log lines.
        std::string line = r.timestamp + " " + r.component + " " +
                           severityName(r.message->severity) + " " + r.message->id + " " +
                           recordText(r) + '\n';
        std::lock_guard lock(mutex_);
        writeAll(fd_, line);
    }

  private:
    int fd_;
    std::mutex mutex_;
};

class JsonSink final : public LogSink {
  public:
    explicit JsonSink(int fd) : fd_(fd) {}
    void write(const LogRecord& r) override {
        std::string line = "{\"ts\":\"" + r.timestamp + "\",\"component\":\"" +
                           jsonEscape(r.component) + "\",\"severity\":\"" +
                           severityName(r.message->severity) + "\",\"id\":\"" + r.message->id +
                           "\",\"msg\":\"" + jsonEscape(r.text) + "\"";
        for (const auto& [k, v] : r.fields) {
            line += ",\"" + jsonEscape(k) + "\":\"" + jsonEscape(v) + "\"";
        }
        line += "}\n";
        std::lock_guard lock(mutex_);
        writeAll(fd_, line);
    }

  private:
    int fd_;
    std::mutex mutex_;
};

}  // namespace

const char* severityName(Severity severity) {
    switch (severity) {
        case Severity::Debug:
            return "DEBUG";
        case Severity::Info:
            return "INFO";
        case Severity::Warn:
            return "WARN";
        case Severity::Error:
            return "ERROR";
    }
    return "INFO";
}

namespace {
// The escapes JSON and log text share; false when c needs none of them.
bool appendCommonEscape(std::string& out, unsigned char c) {
    switch (c) {
        case '\\':
            out += "\\\\";
            return true;
        case '\n':
            out += "\\n";
            return true;
        case '\r':
            out += "\\r";
            return true;
        case '\t':
            out += "\\t";
            return true;
        default:
            return false;
    }
}

std::string escapeWith(const std::string& text, const char* quote_escape, const char* format,
                       bool escape_del) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (quote_escape && c == '"') {
            out += quote_escape;
        } else if (!appendCommonEscape(out, c)) {
            if (c < 0x20 || (escape_del && c == 0x7f)) {
                char buf[8];
                std::snprintf(buf, sizeof buf, format, c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    return out;
}
}  // namespace

std::string escapeControl(const std::string& text) {
    return escapeWith(text, nullptr, "\\x%02x", true);
}

std::shared_ptr<LogSink> makeTextSink(int fd) {
    return std::make_shared<TextSink>(fd);
}

std::shared_ptr<LogSink> makeJsonSink(int fd) {
    return std::make_shared<JsonSink>(fd);
}

void MemorySink::write(const LogRecord& record) {
    std::lock_guard lock(mutex_);
    records_.push_back(record);
}

std::vector<LogRecord> MemorySink::records() const {
    std::lock_guard lock(mutex_);
    return records_;
}

bool MemorySink::contains(const char* id) const {
    std::lock_guard lock(mutex_);
    for (const auto& r : records_) {
        if (std::string(r.message->id) == id)
            return true;
    }
    return false;
}

std::string recordText(const LogRecord& r) {
    std::string text = escapeControl(r.text);
    for (const auto& [k, v] : r.fields) {
        text += ' ';
        text += escapeControl(k);
        text += '=';
        text += escapeControl(v);
    }
    return text;
}

Logger::Logger(std::string component, std::shared_ptr<LogSink> sink, Severity minimum)
    : component_(std::move(component)), sink_(std::move(sink)), minimum_(minimum) {}

void Logger::log(const MessageId& message, const std::string& text,
                 std::vector<std::pair<std::string, std::string>> fields) const {
    if (message.severity < minimum_ || !sink_)
        return;
    for (auto& field : fields)
        field.second = scrub(std::move(field.second));
    sink_->write(LogRecord{nowRfc3339(), component_, &message, scrub(text), std::move(fields)});
}

void Logger::addSecret(std::string value) {
    if (!value.empty())
        secrets_.push_back(std::move(value));
}

std::string Logger::scrub(std::string text) const {
    for (const auto& secret : secrets_) {
        for (size_t pos = text.find(secret); pos != std::string::npos;
             pos = text.find(secret, pos)) {
            text.replace(pos, secret.size(), "[redacted]");
        }
    }
    return text;
}

}  // namespace maas
