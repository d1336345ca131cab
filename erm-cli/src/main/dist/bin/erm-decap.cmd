@echo off
rem SPDX-License-Identifier: Apache-2.0
rem erm-decap launcher for Windows: runs the command with %JAVA_HOME%\bin\java.exe (else java.exe on PATH) and
rem %JAVA_OPTS%, from the lib\ folder beside this bin\ folder, and passes every argument through unchanged.
rem The exit code is the command's (0 success, 1 input damaged, 2 usage, 3 output failure).
setlocal EnableExtensions DisableDelayedExpansion

rem %~dp0 is this script's folder, with a trailing backslash, wherever it was called from.
set "ERM_DECAP_HOME=%~dp0.."

if not defined JAVA_HOME goto javaFromPath
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto findJar
echo erm-decap: JAVA_HOME is set to '%JAVA_HOME%' but %JAVA_EXE% does not exist (expected: a Java 17+ home) 1>&2
endlocal & exit /b 2

:javaFromPath
set "JAVA_EXE=java.exe"
where /q java.exe
if not errorlevel 1 goto findJar
echo erm-decap: java.exe not found (expected: Java 17+ on PATH, or JAVA_HOME set) 1>&2
endlocal & exit /b 2

:findJar
set "JAR="
for %%J in ("%ERM_DECAP_HOME%\lib\erm-cli-*.jar") do set "JAR=%%~fJ"
if defined JAR goto run
echo erm-decap: no erm-cli jar in %ERM_DECAP_HOME%\lib (expected: a complete erm-decap installation) 1>&2
endlocal & exit /b 2

:run
rem JAVA_OPTS is split on spaces on purpose, as other launchers do: set JAVA_OPTS=-Xmx64m -Dx=y
"%JAVA_EXE%" %JAVA_OPTS% -jar "%JAR%" %*
endlocal & exit /b %ERRORLEVEL%
