#include "maas/common/epoll_set.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cerrno>
#include <system_error>

namespace maas {

namespace {
void control(int epoll, int op, int fd, uint32_t events, uint64_t tag) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = tag;
    ::epoll_ctl(epoll, op, fd, &ev);
}
}  // namespace

EpollSet::EpollSet(uint64_t wake_tag)
    : epoll_(::epoll_create1(EPOLL_CLOEXEC)), wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!epoll_ || !wake_)
        throw std::system_error(errno, std::generic_category(), "epoll/eventfd");
    add(wake_.get(), EPOLLIN, wake_tag);
}

void EpollSet::add(int fd, uint32_t events, uint64_t tag) {
    control(epoll_.get(), EPOLL_CTL_ADD, fd, events, tag);
}

void EpollSet::modify(int fd, uint32_t events, uint64_t tag) {
    control(epoll_.get(), EPOLL_CTL_MOD, fd, events, tag);
}

void EpollSet::remove(int fd) {
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void EpollSet::wake() {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_.get(), &one, sizeof one);
}

void EpollSet::drainWake() {
    uint64_t value = 0;
    [[maybe_unused]] auto n = ::read(wake_.get(), &value, sizeof value);
}

}  // namespace maas
