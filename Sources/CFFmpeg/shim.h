// Small C shim for the parts of the FFmpeg headers that Swift cannot import:
// function-like macros (AVERROR, av_err2str) and macro constants built from casts
// or other macros (AV_NOPTS_VALUE, AVERROR_EOF). Everything here is `static inline`,
// so the module needs no compiled C target.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/imgutils.h>
#include <libavutil/samplefmt.h>
#include <libavutil/mathematics.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// `AV_NOPTS_VALUE`: "no timestamp".
static inline int64_t cffmpeg_nopts_value(void) { return AV_NOPTS_VALUE; }

/// `AVERROR(e)` for a POSIX error number.
static inline int cffmpeg_averror(int posix_errno) { return AVERROR(posix_errno); }

/// `AVERROR(EAGAIN)`: the codec wants more input / has no output yet.
static inline int cffmpeg_averror_eagain(void) { return AVERROR(EAGAIN); }

/// `AVERROR_EOF`.
static inline int cffmpeg_averror_eof(void) { return AVERROR_EOF; }

/// `AVERROR_INVALIDDATA`.
static inline int cffmpeg_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }

/// `av_err2str(code)` written into a caller-provided buffer (the macro uses a compound literal).
static inline const char *cffmpeg_err2str(int code, char *buffer, size_t size) {
    av_strerror(code, buffer, size);
    return buffer;
}

/// `AVSEEK_SIZE`, the whence value libavformat passes to ask a seek callback for the stream size.
static inline int cffmpeg_avseek_size(void) { return AVSEEK_SIZE; }

/// For transcode worker processes (libav in a process of its own): ask the kernel to kill this process with
/// SIGKILL when its parent, the gateway, dies (`prctl(PR_SET_PDEATHSIG)`, which Swift cannot call: variadic).
#include <sys/prctl.h>
#include <signal.h>
static inline int cffmpeg_die_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); }

#endif
