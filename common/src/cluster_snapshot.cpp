#include "maas/common/cluster_snapshot.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "maas/common/json_writer.h"

namespace maas {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr objectAt(const Poco::Dynamic::Var& value, const std::string& where) {
    if (value.type() != typeid(Object::Ptr))
        throw std::invalid_argument(where + ": must be an object");
    return value.extract<Object::Ptr>();
}

int integer(const Object::Ptr& o, const std::string& key, const std::string& where) {
    const auto v = o->get(key);
    if (v.isEmpty() || !v.isInteger())
        throw std::invalid_argument(where + key + ": must be an integer");
    return v.convert<int>();
}

std::string text(const Object::Ptr& o, const std::string& key, const std::string& where) {
    const auto v = o->get(key);
    if (v.isEmpty() || !v.isString())
        throw std::invalid_argument(where + key + ": must be a string");
    return v.convert<std::string>();
}

}  // namespace

std::string clusterSnapshotToJson(const ClusterSnapshot& s) {
    Array::Ptr workers = new Array;
    for (const auto& w : s.workers) {
        Object::Ptr o = new Object;
        o->set("hostname", w.endpoint.hostname);
        o->set("http_address", w.endpoint.http_address);
        o->set("http_port", w.endpoint.http_port);
        o->set("advertise_address", w.endpoint.advertise_address);
        o->set("worker_index", w.worker_index);
        o->set("pid", w.pid);
        o->set("rpc_port", w.rpc_port);
        o->set("db_connections", w.db_connections);
        workers->add(o);
    }
    Object::Ptr root = new Object;
    root->set("workers", workers);
    root->set("regiond_connections", s.regiond_connections);
    root->set("total_connections", s.total_connections);
    root->set("max_connections", s.max_connections);
    root->set("reserved_connections", s.reserved_connections);
    return jsonText(root);
}

ClusterSnapshot clusterSnapshotFromJson(const std::string& json) {
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(json);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("cluster snapshot: not JSON (" + e.displayText() + ")");
    }
    const auto root = objectAt(parsed, "cluster snapshot");
    ClusterSnapshot s;
    const auto workers = root->get("workers");
    if (workers.type() != typeid(Array::Ptr))
        throw std::invalid_argument("workers: must be an array");
    const auto list = workers.extract<Array::Ptr>();
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string where = "workers[" + std::to_string(i) + "].";
        const auto o = objectAt(list->get(i), where.substr(0, where.size() - 1));
        ClusterWorker w;
        w.endpoint.hostname = text(o, "hostname", where);
        w.endpoint.http_address = text(o, "http_address", where);
        w.endpoint.http_port = integer(o, "http_port", where);
        w.endpoint.advertise_address = text(o, "advertise_address", where);
        w.worker_index = integer(o, "worker_index", where);
        w.pid = integer(o, "pid", where);
        w.rpc_port = integer(o, "rpc_port", where);
        w.db_connections = integer(o, "db_connections", where);
        s.workers.push_back(std::move(w));
    }
    s.regiond_connections = integer(root, "regiond_connections", "");
    s.total_connections = integer(root, "total_connections", "");
    s.max_connections = integer(root, "max_connections", "");
    s.reserved_connections = integer(root, "reserved_connections", "");
    return s;
}

}  // namespace maas
