#include "maas/region/api/routes.h"

namespace maas::region::api {

std::vector<std::string> Resource::params() const {
    std::vector<std::string> out;
    size_t pos = 0;
    while ((pos = path.find('{', pos)) != std::string::npos) {
        const size_t close = path.find('}', pos);
        out.push_back(path.substr(pos + 1, close - pos - 1));
        pos = close;
    }
    return out;
}

std::optional<RouteMatch> matchRoute(const std::vector<Resource>& table, std::string_view path) {
    for (const auto& resource : table) {
        std::string_view pattern = resource.path;
        std::string_view rest = path;
        RouteMatch match{&resource, {}};
        bool ok = true;
        while (!pattern.empty() && ok) {
            const size_t brace = pattern.find('{');
            const auto literal = pattern.substr(0, brace);
            if (rest.substr(0, literal.size()) != literal) {
                ok = false;
                break;
            }
            rest.remove_prefix(literal.size());
            pattern.remove_prefix(literal.size());
            if (brace == std::string_view::npos)
                break;
            const size_t close = pattern.find('}');
            const auto name = pattern.substr(1, close - 1);
            pattern.remove_prefix(close + 1);
            size_t slash = rest.find('/');
            // MAAS's subnet URL takes a CIDR as its id: subnets/10.0.0.0/24/.
            if (resource.handler == "SubnetHandler" && slash != std::string_view::npos) {
                const auto tail = rest.substr(slash + 1);
                const size_t end = tail.find('/');
                const auto digits = tail.substr(0, end);
                if (end != std::string_view::npos && !digits.empty() && digits.size() <= 3 &&
                    digits.find_first_not_of("0123456789") == std::string_view::npos)
                    slash += 1 + end;
            }
            const auto value = rest.substr(0, slash);
            if (value.empty() || slash == std::string_view::npos) {
                ok = false;
                break;
            }
            match.params[std::string(name)] = std::string(value);
            rest.remove_prefix(value.size());
        }
        if (ok && rest.empty() && pattern.empty())
            return match;
    }
    return std::nullopt;
}

ActionChoice chooseAction(const Resource& resource, std::string_view method,
                          const std::optional<std::string>& op) {
    // HEAD is answered like GET, as Django does.
    const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
    for (const auto& action : resource.actions)
        if (action.method == effective && action.op == op)
            return {&action, 200, {}};
    if (op)
        return {nullptr, 400,
                "Unrecognised signature: method=" + std::string(method) + " op=" + *op};
    return {nullptr, 405, "Method not allowed"};
}

}  // namespace maas::region::api
