package dev.gpsreplay.domain;

import io.jenetics.jpx.XMLProvider;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;

/**
 * The XML factories jpx reads GPX with (registered through {@code META-INF/services}): no DTDs and no
 * external entities, so an uploaded GPX file can neither read the server's files (XXE) nor expand
 * entities without bound ("billion laughs"). GPX never needs a DTD.
 */
public final class SafeXmlProvider extends XMLProvider {

    @Override
    public XMLInputFactory xmlInputFactory() {
        return safeInputFactory();
    }

    @Override
    public DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = super.documentBuilderFactory();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks secure processing", e);
        }
        factory.setExpandEntityReferences(false);
        return factory;
    }

    /** @return a StAX factory that refuses DTDs and external entities */
    static XMLInputFactory safeInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }
}
