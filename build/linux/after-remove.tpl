#!/bin/bash
# Runs as root after the WuKong Desktop .deb is removed: undoes after-install.tpl.
if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' || true
else
  rm -f '/usr/bin/${executable}'
fi

PROFILE_TARGET='/etc/apparmor.d/${executable}'
if [ -f "$PROFILE_TARGET" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 \
    && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
    apparmor_parser --remove "$PROFILE_TARGET" || true
  fi
  rm -f "$PROFILE_TARGET"
fi
