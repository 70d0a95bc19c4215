*"----------------------------------------------------------------------
*" ICF handler for the UPO the gateway posts (statusBack.upoUrl), e.g.
*" SICF node /default_host/sap/zksef_upo. Stores the UPO, byte for byte,
*" with the KSeF number in ZKSEF_RESULT (the table Z_KSEF_SET_RESULT writes
*" too), and optionally attaches it to the billing document (GOS).
*"
*" The gateway's request:
*"   POST, body = the UPO XML (content-type application/xml)
*"   header x-ksef-number            KSeF number of the invoice
*"   header x-sap-billing-document   VBELN (E1EDK02 qualifier 009)
*"   header x-ksef-acquisition-date  KSeF acquisition date-time (ISO 8601)
*"   header x-sap-docnum             DOCNUM of the INVOIC02 IDoc (for the log)
*" Answers: 200 stored (also for the same UPO again: the gateway resends
*" until it gets 2xx), 400 incomplete request, 403 no authorisation,
*" 404 billing document unknown in this client, 405 not a POST. Anything
*" but 2xx makes the gateway retry with backoff; it never drops the UPO.
*"----------------------------------------------------------------------
CLASS zcl_ksef_upo_http DEFINITION PUBLIC FINAL CREATE PUBLIC.
  PUBLIC SECTION.
    INTERFACES if_http_extension.
    "! Set to abap_true to attach the UPO to the billing document (GOS, object VBRK).
    CONSTANTS c_attach_to_billing_document TYPE abap_bool VALUE abap_false.
  PRIVATE SECTION.
    METHODS reply
      IMPORTING server TYPE REF TO if_http_server
                code   TYPE i
                text   TYPE string.
    METHODS attach
      IMPORTING iv_vbeln       TYPE vbeln_vf
                iv_ksef_number TYPE char35
                iv_upo         TYPE xstring.
ENDCLASS.

CLASS zcl_ksef_upo_http IMPLEMENTATION.
  METHOD if_http_extension~handle_request.
    DATA ls_result TYPE zksef_result.
    DATA(lo_request) = server->request.

    IF lo_request->get_method( ) <> 'POST'.
      reply( server = server code = 405 text = 'POST the UPO XML' ).
      RETURN.
    ENDIF.
    DATA(lv_ksef_number) = CONV char35( lo_request->get_header_field( 'x-ksef-number' ) ).
    DATA(lv_billing_document) = lo_request->get_header_field( 'x-sap-billing-document' ).
    DATA(lv_acquired) = lo_request->get_header_field( 'x-ksef-acquisition-date' ).
    DATA(lv_docnum) = lo_request->get_header_field( 'x-sap-docnum' ).
    DATA(lv_upo) = lo_request->get_data( ).
    IF lv_ksef_number IS INITIAL OR lv_billing_document IS INITIAL OR xstrlen( lv_upo ) = 0.
      reply( server = server code = 400 text = 'x-ksef-number, x-sap-billing-document and the UPO XML are required' ).
      RETURN.
    ENDIF.

    AUTHORITY-CHECK OBJECT 'S_TABU_NAM' ID 'ACTVT' FIELD '02' ID 'TABLE' FIELD 'ZKSEF_RESULT'.
    IF sy-subrc <> 0.
      reply( server = server code = 403 text = 'No authorization to write ZKSEF_RESULT' ).
      RETURN.
    ENDIF.

    DATA(lv_vbeln) = CONV vbeln_vf( |{ lv_billing_document ALPHA = IN }| ).
    SELECT SINGLE bukrs FROM vbrk WHERE vbeln = @lv_vbeln INTO @ls_result-bukrs.
    IF sy-subrc <> 0.
      reply( server = server code = 404 text = |Billing document { lv_vbeln } not found in client { sy-mandt }| ).
      RETURN.
    ENDIF.

    " The same UPO again: nothing to change, and 200 so that the gateway stops resending.
    SELECT SINGLE * FROM zksef_result WHERE vbeln = @lv_vbeln INTO @DATA(ls_old).
    IF sy-subrc = 0 AND ls_old-ksef_number = lv_ksef_number AND ls_old-upo = lv_upo.
      reply( server = server code = 200 text = |UPO of { lv_ksef_number } already stored for { lv_vbeln }| ).
      RETURN.
    ENDIF.

    ls_result-mandt       = sy-mandt.
    ls_result-vbeln       = lv_vbeln.
    ls_result-status      = 'A'.
    ls_result-ksef_number = lv_ksef_number.
    ls_result-ksef_ts     = COND #( WHEN lv_acquired IS NOT INITIAL THEN lv_acquired ELSE ls_old-ksef_ts ).
    ls_result-upo         = lv_upo.
    ls_result-messages    = |UPO received by HTTP, IDoc { lv_docnum }|.
    GET TIME STAMP FIELD ls_result-changed_at.
    ls_result-changed_by  = sy-uname.
    MODIFY zksef_result FROM ls_result.
    IF c_attach_to_billing_document = abap_true.
      attach( iv_vbeln = lv_vbeln iv_ksef_number = lv_ksef_number iv_upo = lv_upo ).
    ENDIF.
    COMMIT WORK AND WAIT.
    reply( server = server code = 200 text = |UPO of { lv_ksef_number } stored for { lv_vbeln }| ).
  ENDMETHOD.

  METHOD reply.
    server->response->set_status( code = code reason = COND #( WHEN code = 200 THEN 'OK' ELSE 'Not stored' ) ).
    server->response->set_header_field( name = 'content-type' value = 'text/plain; charset=utf-8' ).
    server->response->set_cdata( text ).
  ENDMETHOD.

  METHOD attach.
    " GOS attachment (Services for Object > Attachment list in VF03). Written from SAP's documented
    " function modules; check it in your development system before switching it on.
    DATA ls_folder   TYPE soodk.
    DATA ls_doc_data TYPE sodocchgi1.
    DATA ls_doc_info TYPE sofolenti1.
    DATA lt_hex      TYPE solix_tab.

    CALL FUNCTION 'SO_FOLDER_ROOT_ID_GET'
      EXPORTING region = 'B'
      IMPORTING folder_id = ls_folder
      EXCEPTIONS OTHERS = 1.
    IF sy-subrc <> 0.
      RETURN.
    ENDIF.
    lt_hex = cl_bcs_convert=>xstring_to_solix( iv_upo ).
    ls_doc_data-obj_name  = 'KSEF_UPO'.
    ls_doc_data-obj_descr = |UPO { iv_ksef_number }|.
    ls_doc_data-doc_size  = xstrlen( iv_upo ).
    CALL FUNCTION 'SO_DOCUMENT_INSERT_API1'
      EXPORTING folder_id = ls_folder document_data = ls_doc_data document_type = 'XML'
      IMPORTING document_info = ls_doc_info
      TABLES contents_hex = lt_hex
      EXCEPTIONS OTHERS = 1.
    IF sy-subrc <> 0.
      RETURN.
    ENDIF.
    DATA(ls_billing) = VALUE borident( objkey = iv_vbeln objtype = 'VBRK' ).
    DATA(ls_document) = VALUE borident( objkey = ls_doc_info-doc_id objtype = 'MESSAGE' ).
    CALL FUNCTION 'BINARY_RELATION_CREATE'
      EXPORTING obj_rolea = ls_billing obj_roleb = ls_document relationtype = 'ATTA'
      EXCEPTIONS OTHERS = 1.
  ENDMETHOD.
ENDCLASS.
