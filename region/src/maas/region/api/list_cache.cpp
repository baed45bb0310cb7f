#include "maas/region/api/list_cache.h"

#include <algorithm>
#include <map>

namespace maas::region::api {

namespace {

constexpr std::string_view kGzipSuffix = "-gzip\"";

size_t sizeOf(const std::string& key, const http::Response& r) {
    size_t n = key.size() + r.body.size() + r.content_type.size() + sizeof(http::Response);
    for (const auto& [name, value] : r.headers)
        n += name.size() + value.size();
    return n;
}

// Length-prefixed, so no parameter's text can pass for another key.
void append(std::string& key, std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
}

}  // namespace

std::shared_ptr<const http::Response> ListCache::find(const std::string& key,
                                                      const ListStamp& stamp) {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    if (!(it->second->stamp == stamp)) {
        eraseLocked(it->second);  // built at another generation: never served again
        ++misses_;
        return nullptr;
    }
    order_.splice(order_.begin(), order_, it->second);
    ++hits_;
    return it->second->answer;
}

void ListCache::put(const std::string& key, const ListStamp& stamp,
                    std::shared_ptr<const http::Response> answer) {
    const size_t bytes = sizeOf(key, *answer);
    std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end())
        eraseLocked(it->second);
    if (bytes > max_bytes_)
        return;
    while (bytes_ + bytes > max_bytes_ && !order_.empty()) {
        eraseLocked(std::prev(order_.end()));
        ++evictions_;
    }
    order_.push_front({key, stamp, std::move(answer), bytes});
    index_[key] = order_.begin();
    bytes_ += bytes;
}

void ListCache::eraseLocked(Order::iterator it) {
    bytes_ -= it->bytes;
    index_.erase(it->key);
    order_.erase(it);
}

size_t ListCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

size_t ListCache::entries() const {
    std::lock_guard lock(mutex_);
    return order_.size();
}

std::string listCacheKey(const std::string& action, const std::string& visibility,
                         const std::vector<std::pair<std::string, std::string>>& params,
                         bool gzip) {
    // Same-named values keep their order (it can matter); names are sorted.
    std::map<std::string, std::vector<std::string>> by_name;
    for (const auto& [name, value] : params)
        by_name[name].push_back(value);
    std::string key;
    append(key, action);
    append(key, visibility);
    append(key, gzip ? "gzip" : "identity");
    for (const auto& [name, values] : by_name) {
        append(key, name);
        key += std::to_string(values.size());
        for (const auto& value : values)
            append(key, value);
    }
    return key;
}

http::Response conditionalAnswer(const std::shared_ptr<const http::Response>& kept,
                                 const std::string& if_none_match) {
    const auto& representation = *kept;
    const auto shared = [&kept] {
        http::Response r;
        r.status = kept->status;
        r.content_type = kept->content_type;
        r.headers = kept->headers;
        r.metric_label = kept->metric_label;
        r.negotiated = true;
        // The entry's bytes, kept alive by this answer for as long as it is being sent.
        r.shared_body = std::shared_ptr<const std::string>(kept, &kept->body);
        return r;
    };
    std::string tag;
    for (const auto& [name, value] : representation.headers)
        if (name == "ETag")
            tag = value;
    if (if_none_match.empty() || tag.size() < 2)
        return shared();
    std::string identity_tag = tag, gzip_tag = tag;
    if (tag.ends_with(kGzipSuffix))
        identity_tag.erase(tag.size() - kGzipSuffix.size(), kGzipSuffix.size() - 1);
    else
        gzip_tag.insert(gzip_tag.size() - 1, kGzipSuffix.substr(0, kGzipSuffix.size() - 1));
    if (!http::noneMatchNames(if_none_match, identity_tag) &&
        !http::noneMatchNames(if_none_match, gzip_tag))
        return shared();
    http::Response r;
    r.status = 304;
    r.content_type = representation.content_type;
    r.negotiated = true;
    r.metric_label = representation.metric_label;
    for (const auto& header : representation.headers)
        if (header.first != "Content-Encoding")
            r.headers.push_back(header);
    return r;
}

}  // namespace maas::region::api
