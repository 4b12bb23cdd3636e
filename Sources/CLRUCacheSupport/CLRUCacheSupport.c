// The prefetch hint is a static inline function in the header; this file only gives the target a source file.
#include "CLRUCacheSupport.h"
