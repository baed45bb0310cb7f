#include "maas/common/file_limit.h"

#include <sys/resource.h>

namespace maas {

FileLimit raiseFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return {};
    FileLimit out{limit.rlim_cur, limit.rlim_cur};
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
            out.after = limit.rlim_cur;
    }
    return out;
}

}  // namespace maas
