; Inno Setup script for Evidenshåndbogen: a per-user install that needs no admin rights.
;
; Build on Windows after the bundle (see build/README.md):
;     iscc build\installer.iss
; or, to set the version by hand:  iscc /DAppVersion=0.1.0 build\installer.iss
; The installer is written to dist\evidens-<version>-windows-setup.exe.
;
; Per user, no admin: PrivilegesRequired=lowest and no override, so Setup never asks for
; elevation; the program goes to %LOCALAPPDATA%\Programs\Evidenshaandbogen (an ASCII folder name,
; which every deployment and antivirus tool copes with) and the shortcut to the user's own Start
; menu. The installer itself writes only its uninstall entry under HKCU; the program writes no
; registry keys at all (its settings are an INI file in %APPDATA%).
;
; This file is UTF-8 with a byte-order mark: Inno Setup reads it as UTF-8 only then.

#ifndef AppVersion
  ; The version resource of evidens.exe, which build/version_info.py made from __version__.
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + "..\dist\evidens\evidens.exe")
#endif
#define AppName "Evidenshåndbogen"
#define AppFolder "Evidenshaandbogen"
#define AppExe "evidens.exe"

[Setup]
; Never change AppId: Windows uses it to find the installed copy to upgrade or uninstall.
AppId={{473F185D-301D-43B0-B958-7C177B8A8738}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Evidenshåndbogen
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\{#AppFolder}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=evidens-{#AppVersion}-windows-setup
SetupIconFile=..\resources\icons\evidens.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; An upgrade replaces the whole program folder: no stale DLL from an older Qt may stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\evidens\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Offline evidenshåndbog for beskæftigelses- og socialområdet"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. The user's favourites, notes and settings in
; %APPDATA%\Evidenshåndbogen\Evidenshaandbogen are theirs and stay (IT can remove that folder).
Type: dirifempty; Name: "{app}"
