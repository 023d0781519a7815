#include "connection_watch.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>

namespace hullft::serve {
namespace {

struct Endpoint {
    std::string address;
    int port = -1;
};

// The numeric address and port of a socket address (IPv4, IPv6; IPv4-mapped IPv6 shown as IPv4,
// as the HTTP library reports it).
Endpoint endpointOf(const sockaddr_storage& storage) {
    char text[INET6_ADDRSTRLEN] = {};
    if (storage.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(storage);
        inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
        return {text, ntohs(in.sin_port)};
    }
    if (storage.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(storage);
        inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
        std::string address = text;
        if (address.rfind("::ffff:", 0) == 0 && address.find('.') != std::string::npos) address = address.substr(7);
        return {address, ntohs(in6.sin6_port)};
    }
    return {};
}

bool sameEndpoint(const Endpoint& a, const std::string& address, int port) {
    return a.port == port && a.address == address;
}

}  // namespace

ConnectionWatch::ConnectionWatch(const std::string& localAddress, int localPort, const std::string& remoteAddress,
                                 int remotePort) {
    DIR* fds = opendir("/proc/self/fd");
    if (!fds) return;
    while (const dirent* entry = readdir(fds)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0') continue;
        struct stat status {};
        if (fstat(static_cast<int>(fd), &status) != 0 || !S_ISSOCK(status.st_mode)) continue;
        sockaddr_storage local{}, peer{};
        socklen_t localLength = sizeof local, peerLength = sizeof peer;
        if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &localLength) != 0 ||
            getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peerLength) != 0)
            continue;
        if (sameEndpoint(endpointOf(local), localAddress, localPort) &&
            sameEndpoint(endpointOf(peer), remoteAddress, remotePort)) {
            fd_ = static_cast<int>(fd);
            break;
        }
    }
    closedir(fds);
}

bool ConnectionWatch::clientGone() const {
    if (fd_ < 0) return false;
    pollfd watched{fd_, POLLIN | POLLRDHUP, 0};
    if (poll(&watched, 1, 0) <= 0) return false;
    if (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) return true;
    // Readable without a hang-up: bytes of a next request, or an end of stream poll missed.
    char byte = 0;
    return recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

}  // namespace hullft::serve
