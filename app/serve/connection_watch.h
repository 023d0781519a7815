#pragma once

#include <string>

namespace hullft::serve {

// Notices that the client of an HTTP request has gone away while its request waits or runs.
// The HTTP library hands handlers the request's two endpoints but not its socket, so the watch
// finds the process's socket whose local and peer addresses are exactly those (a TCP
// connection is unique by them) and polls it. The socket stays open, and so keeps its number,
// until the handler returns.
class ConnectionWatch {
public:
    ConnectionWatch(const std::string& localAddress, int localPort, const std::string& remoteAddress, int remotePort);
    // True once the peer closed or reset the connection. False while it is open, and always
    // when the socket could not be found (the request then runs to its end).
    bool clientGone() const;
    bool found() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace hullft::serve
