<#-- x006 log report: the system log of the report's period, oldest first. Header texts in the configured language (text.*). -->
${text.logTimestamp}${sep}${text.level}${sep}${text.source}${sep}${text.message}
<#list log as l>
${l.timestamp}${sep}${l.level}${sep}${csv(l.source)}${sep}${csv(l.message)}
</#list>
