; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Before an uninstall (never when an update replaces this version), ask the
; installed app whether calls have not reached LeadSquared yet, and warn.
; Silent uninstalls (/S) are not stopped: /SD IDYES answers for them, and IT
; can run the same check first ("Call Log for LeadSquared.exe" --outbox-status,
; exit code 3 = calls waiting; see docs/install.md).
!macro customUnInit
  ${ifNot} ${isUpdated}
    ExecWait '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --outbox-status' $0
    ${if} $0 == 3
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "Some calls on this computer have not reached LeadSquared yet.$\r$\n$\r$\nUninstalling keeps them in your data folder, but they are lost if that folder is deleted. Open Call Log and let them send first.$\r$\n$\r$\nUninstall anyway?" /SD IDYES IDYES +2
      Abort
    ${endIf}
  ${endIf}
!macroend
