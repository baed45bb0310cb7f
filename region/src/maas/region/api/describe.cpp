#include "maas/region/api/describe.h"

#include <openssl/sha.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "maas/common/secret.h"

namespace maas::region::api {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr handlerObject(const Resource& r, const std::string* site_url) {
    Object::Ptr h = new Object;
    h->set("name", r.handler);
    h->set("doc", r.doc);
    Array params;
    for (const auto& p : r.params())
        params.add(p);
    h->set("params", params);
    h->set("path", r.path);
    if (site_url)
        h->set("uri", *site_url + r.path);
    Array actions;
    for (const auto& a : r.actions) {
        Object::Ptr action = new Object;
        action->set("name", a.name);
        action->set("method", a.method);
        if (a.op)
            action->set("op", *a.op);
        else
            action->set("op", Poco::Dynamic::Var());
        action->set("restful", a.restful());
        action->set("doc", a.doc);
        actions.add(action);
    }
    h->set("actions", actions);
    return h;
}

Object::Ptr document(const std::vector<Resource>& table, const std::string* site_url) {
    Array handlers;
    Array resources;
    for (const auto& r : table) {
        if (r.hidden)
            continue;
        auto h = handlerObject(r, site_url);
        handlers.add(h);
        Object::Ptr entry = new Object;
        entry->set("name", r.handler);
        entry->set("anon", r.anonymous ? Poco::Dynamic::Var(h) : Poco::Dynamic::Var());
        entry->set("auth", r.anonymous ? Poco::Dynamic::Var() : Poco::Dynamic::Var(h));
        resources.add(entry);
    }
    Object::Ptr doc = new Object;
    doc->set("doc", "MAAS API");
    doc->set("handlers", handlers);
    doc->set("resources", resources);
    return doc;
}

std::string stringify(const Object::Ptr& obj) {
    std::ostringstream out;
    obj->stringify(out);
    return out.str();
}

}  // namespace

std::string apiHash(const std::vector<Resource>& table) {
    const std::string text = stringify(document(table, nullptr));
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return toHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string describeDocument(const std::vector<Resource>& table, const std::string& site_url) {
    auto doc = document(table, &site_url);
    doc->set("hash", apiHash(table));
    return stringify(doc);
}

}  // namespace maas::region::api
