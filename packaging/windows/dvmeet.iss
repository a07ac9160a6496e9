; Inno Setup 6 script for the PyInstaller one-folder bundle (build/dist/dvmeet).
;
; Install for the current user (no administrator rights: %LOCALAPPDATA%\Programs\dvmeet)
; or, when the user picks "for all users" on the first page or runs the installer with
; /ALLUSERS as an administrator, for the whole machine in Program Files (for locked-down
; PCs where users may only run programs from Program Files: AppLocker's and Software
; Restriction Policies' default rules allow %ProgramFiles% and %WINDIR% only, and deny
; %LOCALAPPDATA%). The user's database lives in %LOCALAPPDATA%\DigiVestland\dvmeet in both
; cases and is never touched by the uninstaller.
;
; Code signing: an unsigned installer and unsigned .exe files meet SmartScreen's warning
; and may be refused by AppLocker publisher rules or WDAC. Sign dvmeet.exe and
; dvmeet-cli.exe (signtool sign /fd sha256 /tr <RFC 3161 timestamp URL> /td sha256) before
; compiling, and the installer with SignTool= below; see packaging/README.md.
;
; The version is not written here: it is read from the ProductVersion of the built
; dvmeet.exe, which the PyInstaller spec takes from dvmeet.__version__ (one source;
; tests/packaging/test_versions.py). ISCC /DAppVersion=... overrides it.

#define AppName "dvmeet"
#define Bundle "..\..\build\dist\dvmeet"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Bundle + "\dvmeet.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error "No version: build the bundle first (its dvmeet.exe carries the version)."
#endif

[Setup]
AppId={{6C1B7B0E-4D7E-4E55-9D3A-2F1D0C5B7A11}
AppName={#AppName}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=DigiVestland
; {autopf}: Program Files when installed for all users, else %LOCALAPPDATA%\Programs
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DisableProgramGroupPage=yes
OutputDir=..\..\build
OutputBaseFilename=dvmeet-{#AppVersion}-oppsett
SetupIconFile=..\..\resources\icons\dvmeet.ico
UninstallDisplayIcon={app}\dvmeet.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
; SignTool=signtool sign /fd sha256 /tr http://timestamp.example /td sha256 $f

[Languages]
; Inno Setup ships Norwegian messages in bokmål only: the entry says so ("nb"), rather
; than claiming nynorsk. The texts this script adds are below, in nynorsk.
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\dvmeet.exe"; Comment: "Møte, møtebok og medlemsregister"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\dvmeet.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Lag ein snarveg på skrivebordet"; Flags: unchecked

[Run]
Filename: "{app}\dvmeet.exe"; Description: "Start dvmeet"; Flags: nowait postinstall skipifsilent
