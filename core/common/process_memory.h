#pragma once

namespace hullft {

// The most memory this process has held resident so far (VmHWM of /proc/self/status), in
// megabytes; 0 where the kernel does not say.
double peakResidentMegabytes();

}  // namespace hullft
